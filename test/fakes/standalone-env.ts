/**
 * The environment variable that ties the two standalone fakes together (README "Try it without Discord or AWS"): the
 * config `npm run fake:bedrock` writes allows attachments from `${FAKE_DISCORD_CDN_HOST}`, and `npm run fake:discord`
 * prints its value. An env reference, because the bot only downloads from hosts listed with their exact port
 * (`[bot] cdn_hosts`), and the fake Discord's port is not known when the config is written.
 */
export const CDN_HOST_ENV = "FAKE_DISCORD_CDN_HOST";
