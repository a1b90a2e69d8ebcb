import {
  renderIpconfigSummary,
  renderNetworksetupPorts,
  renderPmsetBatt,
  renderRouteGetDefault,
  type StandinAnswer,
} from './render-answers.js';
import { STANDIN_PORTS, type StandinFacts } from './standin-facts.js';

export const STANDIN_COMMANDS = ['pmset', 'route', 'networksetup', 'ipconfig'] as const;
export type StandinCommand = (typeof STANDIN_COMMANDS)[number];

/** One question a stand-in answers: the argument lists that ask it, and the file its answer goes to. */
export interface StandinQuery {
  command: StandinCommand;
  /** Every spelling of the arguments (joined by single spaces) that asks this question. */
  args: readonly string[];
  /** The answer's file name, without extension. */
  file: string;
  answer(facts: StandinFacts): StandinAnswer;
}

/** Everything the constraint probes ask on macOS (src/constraints/probe-{power,network}.ts), and aliases. */
export const STANDIN_QUERIES: readonly StandinQuery[] = [
  { command: 'pmset', args: ['-g batt', '-g ps'], file: 'pmset-g-batt', answer: (facts) => renderPmsetBatt(facts.power) },
  {
    command: 'route',
    // `route get 0` resolves the default route the same way (see the fixtures' README).
    args: ['-n get default', 'get default', '-n get 0', 'get 0'],
    file: 'route-get-default',
    answer: (facts) => renderRouteGetDefault(facts.network),
  },
  {
    command: 'networksetup',
    args: ['-listallhardwareports'],
    file: 'networksetup-listallhardwareports',
    answer: (facts) => renderNetworksetupPorts(facts.ports),
  },
  ...STANDIN_PORTS.map(
    ({ device }): StandinQuery => ({
      command: 'ipconfig',
      args: [`getsummary ${device}`],
      file: `ipconfig-getsummary-${device}`,
      answer: (facts) => renderIpconfigSummary(facts, device),
    }),
  ),
];

/** What each stand-in says it answers when asked something else. */
export const STANDIN_USAGE: Record<StandinCommand, string> = {
  pmset: '"-g batt"',
  route: '"-n get default"',
  networksetup: '"-listallhardwareports"',
  ipconfig: `"getsummary <interface>" for ${STANDIN_PORTS.map((port) => port.device).join(', ')}`,
};
