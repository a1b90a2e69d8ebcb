import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithub } from '../../../src/runner/github/index.js';
import { API, labelEventJson, REPO } from '../helpers/github-mock.js';

const github = () => createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets' });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toStrictEqual([]);
});

describe('the label events of an issue', () => {
  it('are read across pages, labeled and unlabeled only, with who and when', async () => {
    nock(API)
      .get(`${REPO}/issues/12/events`)
      .query({ per_page: '100' })
      .reply(
        200,
        [
          labelEventJson(1, 'labeled', 'alice', 'overnight', '2026-11-01T10:00:00Z'),
          labelEventJson(2, 'renamed', 'alice', undefined, '2026-11-01T10:01:00Z'),
          labelEventJson(3, 'labeled', 'triager', 'agent:codex', '2026-11-02T09:00:00Z'),
        ],
        { link: `<${API}${REPO}/issues/12/events?per_page=100&page=2>; rel="next"` },
      )
      .get(`${REPO}/issues/12/events`)
      .query({ per_page: '100', page: '2' })
      .reply(200, [
        labelEventJson(4, 'unlabeled', 'alice', 'agent:codex', '2026-11-02T10:00:00Z'),
        labelEventJson(5, 'labeled', 'overnight-app[bot]', 'agent:codex', '2026-11-02T11:00:00Z'),
        labelEventJson(6, 'closed', 'alice', undefined, '2026-11-03T00:00:00Z'),
      ]);

    expect(await github().labelEvents(12)).toStrictEqual([
      { kind: 'labeled', label: 'overnight', actor: 'alice', actorIsBot: false, createdAt: '2026-11-01T10:00:00Z' },
      { kind: 'labeled', label: 'agent:codex', actor: 'triager', actorIsBot: false, createdAt: '2026-11-02T09:00:00Z' },
      { kind: 'unlabeled', label: 'agent:codex', actor: 'alice', actorIsBot: false, createdAt: '2026-11-02T10:00:00Z' },
      { kind: 'labeled', label: 'agent:codex', actor: 'overnight-app[bot]', actorIsBot: true, createdAt: '2026-11-02T11:00:00Z' },
    ]);
  });
});
