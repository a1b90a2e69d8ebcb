import type { Probot } from 'probot';

/** Resolves the login of this app's bot user, `<slug>[bot]`: the author of every comment the app writes. */
export type BotLogin = () => Promise<string>;

/**
 * The app's own bot user, asked of GitHub once and then cached. `GET /app` needs the app's JWT,
 * which `app.auth()` without an installation id gives; the installation clients handlers get
 * cannot ask it. A failed lookup is not cached, so the next event asks again. `known` skips the
 * lookup (tests, and deployments that set it).
 */
export function botLoginOf(app: Pick<Probot, 'auth'>, known?: string): BotLogin {
  if (known) return () => Promise.resolve(known);
  let cached: Promise<string> | undefined;
  return () => {
    if (!cached) {
      const lookup = app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => {
          if (!data?.slug) throw new Error('GitHub did not name this app (GET /app has no slug)');
          return `${data.slug}[bot]`;
        });
      lookup.catch(() => {
        if (cached === lookup) cached = undefined;
      });
      cached = lookup;
    }
    return cached;
  };
}
