// The fake workspace's default identities: team, app, bot, one user, one channel and the tokens.

/** The identities the fake and the payload builders use unless told otherwise. */
export const FAKE_SLACK_IDS = {
  teamId: 'T0FAKE',
  teamDomain: 'fake-team',
  appId: 'A0FAKE',
  botUserId: 'U0FAKEBOT',
  botId: 'B0FAKEBOT',
  userId: 'U0FAKEUSER',
  userName: 'fake.user',
  channelId: 'C0FAKE',
  channelName: 'general',
  botToken: 'xoxb-fake',
  appToken: 'xapp-fake',
  verificationToken: 'fake-verification-token',
} as const;
