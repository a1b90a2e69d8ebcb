// bottleneck ships types for its full build only; the light build (no Redis clustering) is the
// one @octokit/plugin-throttling loads, so the runner uses that same class.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
