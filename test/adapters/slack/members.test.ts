import { readFile } from 'node:fs/promises';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberDirectory } from '../../../src/adapters/slack/members.js';
import { silentLogger } from '../../../src/core/logger.js';
import { projectRoot } from '../../../src/paths.js';
import { createTestClock } from '../../support/clock.js';
import { createFakeSlack, FAKE_SLACK_IDS, type FakeSlack } from '../../support/fake-slack.js';

describe('member directory (users.info)', () => {
  let fake: FakeSlack;
  const clock = createTestClock('2026-03-02T09:00:00Z');
  beforeAll(async () => {
    fake = await createFakeSlack({
      users: [
        { id: 'U1', name: 'ada', display_name: 'Ada', tz: 'Europe/Berlin' },
        { id: 'U2', name: 'grace', real_name: 'Grace Hopper', is_admin: true },
        { id: 'U3', name: 'linus', is_owner: true },
      ],
    });
  });
  afterAll(async () => fake?.close());

  const directory = () =>
    createMemberDirectory({
      client: new WebClient(FAKE_SLACK_IDS.botToken, {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
      }),
      logger: silentLogger,
      now: clock.now,
    });

  it.each([
    ['U1', { name: 'Ada', timezone: 'Europe/Berlin', isAdmin: false }],
    ['U2', { name: 'Grace Hopper', isAdmin: true }],
    ['U3', { name: 'linus', isAdmin: true }],
  ])('%s: display name, zone and admin/owner', async (id, expected) => {
    expect(await directory().get(FAKE_SLACK_IDS.teamId, id)).toMatchObject(expected);
  });

  it('caches for ten minutes, then asks again', async () => {
    const members = directory();
    const calls = () => fake.callsTo('users.info').filter((c) => c.args.user === 'U1').length;
    const before = calls();
    await members.get(FAKE_SLACK_IDS.teamId, 'U1');
    await members.get(FAKE_SLACK_IDS.teamId, 'U1');
    expect(calls()).toBe(before + 1);
    clock.advance(10 * 60 * 1000 + 1);
    await members.get(FAKE_SLACK_IDS.teamId, 'U1');
    expect(calls()).toBe(before + 2);
  });

  it('falls back to the name Slack sent, never an admin, when users.info fails', async () => {
    fake.failNext('users.info', { error: 'user_not_found' });
    expect(await directory().get(FAKE_SLACK_IDS.teamId, 'U9', 'someone')).toEqual({
      name: 'someone',
      isAdmin: false,
    });
  });
});

describe('Slack app manifest', () => {
  it('asks for the minimum: /coach, three bot scopes, interactivity, Socket Mode, the Home tab', async () => {
    const manifest = JSON.parse(await readFile(`${projectRoot}/src/adapters/slack/manifest.json`, 'utf8'));
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/coach']);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'commands', 'users:read']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'tokens_revoked',
    ]);
  });
});
