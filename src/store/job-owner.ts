/**
 * Who asked for a batch job (or a waiting-pool contribution), for the Discord side to post results back: plain ids, so
 * the job rows of src/bedrock and the pools of src/store keep it without knowing Discord. The CLI leaves it out.
 */
export interface JobOwner {
  userId: string;
  guildId?: string;
  channelId?: string;
  threadId?: string;
  messageId?: string;
  /**
   * Bytes per attached file the submission's channel allowed (the interaction's `attachment_size_limit`: boosted
   * guilds allow more than the 10 MiB default); absent: the default. Kept because the notice is posted hours later,
   * with the bot token, long after the interaction that told us is gone.
   */
  uploadLimitBytes?: number;
  /** A `[[sinks]]` name the owner asked an embedding job's vectors to be loaded into (`/batch submit sink:`). */
  sink?: string;
}
