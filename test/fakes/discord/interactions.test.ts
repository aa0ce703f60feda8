import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  Events,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";
import type { FakeDiscordOptions } from "./options.ts";
import { createManualClock } from "./manual-clock.ts";

const COMMANDS = [
  {
    name: "ask",
    description: "Ask the model",
    options: [
      { type: ApplicationCommandOptionType.String, name: "prompt", description: "What to ask", required: true },
      { type: ApplicationCommandOptionType.Attachment, name: "file", description: "A document" },
      { type: ApplicationCommandOptionType.String, name: "model", description: "Which model", autocomplete: true },
    ],
  },
  { name: "feedback", description: "Tell us what you think" },
  { name: "Summarise", type: ApplicationCommandType.Message },
] as const;

describe("fake Discord interactions through discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  /** Logs in, registers COMMANDS globally and routes interactions to `handler`, collecting its errors. */
  async function withHandler(handler: (interaction: Interaction) => Promise<void>, options: FakeDiscordOptions = {}): Promise<{ r: FakeAndClient; errors: unknown[] }> {
    const r = await connectTestClient(options);
    await r.client.application.commands.set([...COMMANDS]);
    const errors: unknown[] = [];
    r.client.on(Events.InteractionCreate, (interaction) => {
      handler(interaction).catch((error: unknown) => errors.push(error));
    });
    running = r;
    return { r, errors };
  }

  it("GIVEN registered commands WHEN the client bulk-overwrites them THEN the fake keeps them as Discord returns them", async () => {
    const { r } = await withHandler(async () => {});

    const commands = r.fake.commands();
    expect(commands.map((c) => [c.name, c.type])).toEqual([
      ["ask", 1],
      ["feedback", 1],
      ["Summarise", 3],
    ]);
    expect((await r.client.application.commands.fetch()).size).toBe(3);
  });

  it("GIVEN /ask WHEN the bot defers, edits @original and follows up THEN the answer replaces 'thinking' and the follow-up is a new message", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply(`answer to ${i.options.getString("prompt", true)}`);
      await i.followUp("and one more thing");
    });
    const { fake } = r;

    const interaction = fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "life" } });

    await fake.waitFor(() => interaction.followUpMessageIds.length === 1 || errors.length > 0);
    expect(errors).toEqual([]);
    const original = fake.originalResponse(interaction)!;
    expect(original.content).toBe("answer to life");
    expect(original.flags & MessageFlags.Loading).toBe(0);
    expect(original.versions.map((v) => v.content)).toEqual(["", "answer to life"]);
    expect(fake.followUps(interaction).map((m) => m.content)).toEqual(["and one more thing"]);
    expect(interaction.response?.type).toBe(5);
  });

  it("GIVEN /ask with a file WHEN the bot reads the ATTACHMENT option THEN resolved.attachments points at the fake CDN", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isChatInputCommand()) return;
      const file = i.options.getAttachment("file", true);
      const text = await (await fetch(file.url)).text();
      await i.reply(`${file.name}: ${text} (limit ${i.attachmentSizeLimit})`);
    });
    const { fake } = r;

    const interaction = fake.runCommand({
      name: "ask",
      channelId: fake.channelId("general"),
      userId: fake.userId("bob"),
      options: { prompt: "read", file: { filename: "rows.csv", bytes: "a,b\n1,2", contentType: "text/csv" } },
    });

    const original = await fake.waitFor(() => fake.originalResponse(interaction) ?? (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(fake.originalResponse(interaction)?.content).toBe(`rows.csv: a,b\n1,2 (limit ${10 * 1024 * 1024})`);
    expect(original).toBeDefined();
  });

  it("GIVEN a message with a button WHEN alice clicks it and the bot updates THEN the message is edited in place", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (i.isButton() && i.customId === "retry") await i.update({ content: "retrying…", components: [] });
    });
    const { fake, client } = r;
    const channel = (await client.channels.fetch(fake.channelId("general"))) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId("retry").setLabel("Retry").setStyle(ButtonStyle.Primary));
    const sent = await channel.send({ content: "failed", components: [row] });

    const click = fake.clickButton({ messageId: sent.id, customId: "retry", userId: fake.userId("alice") });

    await fake.waitFor(() => click.response ?? (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(click.response?.type).toBe(7);
    expect(fake.message(sent.id)).toMatchObject({ content: "retrying…", components: [] });
    expect(fake.message(sent.id)?.versions).toHaveLength(2);
  });

  it("GIVEN an autocomplete option WHEN alice types THEN the bot's suggestions are recorded", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond(["claude-sonnet", "claude-haiku", "llama"].filter((m) => m.startsWith(typed)).map((m) => ({ name: m, value: m })));
    });
    const { fake } = r;

    const typing = fake.autocomplete({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), focused: "model", value: "claude" });

    const choices = await fake.waitFor(() => typing.autocompleteChoices ?? (errors.length > 0 && errors));
    expect(choices).toEqual([
      { name: "claude-sonnet", value: "claude-sonnet" },
      { name: "claude-haiku", value: "claude-haiku" },
    ]);
  });

  it("GIVEN a message context-menu command WHEN bob runs it on a message THEN the bot sees the target and answers ephemerally, with no MESSAGE_CREATE", async () => {
    const seenContents: string[] = [];
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isMessageContextMenuCommand()) return;
      await i.reply({ content: `summary of: ${i.targetMessage.content}`, flags: MessageFlags.Ephemeral });
    });
    const { fake, client } = r;
    const target = fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("alice"), content: "a long story" });
    client.on(Events.MessageCreate, (m) => seenContents.push(m.content));

    const menu = fake.contextMenu({ name: "Summarise", channelId: fake.channelId("general"), userId: fake.userId("bob"), targetMessageId: target.id });

    const reply = await fake.waitFor(() => fake.originalResponse(menu) ?? (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(reply).toMatchObject({ content: "summary of: a long story", flags: MessageFlags.Ephemeral });
    expect(seenContents).not.toContain("summary of: a long story");
  });

  it("GIVEN /feedback WHEN the bot opens a modal and alice submits it THEN the bot gets her text", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (i.isChatInputCommand() && i.commandName === "feedback") {
        const input = new TextInputBuilder().setCustomId("text").setLabel("Your feedback").setStyle(TextInputStyle.Paragraph);
        await i.showModal(new ModalBuilder().setCustomId("feedback-form").setTitle("Feedback").addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)));
      } else if (i.isModalSubmit()) {
        await i.reply(`thanks for: ${i.fields.getTextInputValue("text")}`);
      }
    });
    const { fake } = r;
    const command = fake.runCommand({ name: "feedback", channelId: fake.channelId("general"), userId: fake.userId("alice") });
    await fake.waitFor(() => command.modal ?? (errors.length > 0 && errors));

    const submitted = fake.submitModal({ from: command, values: { text: "great bot" } });

    await fake.waitFor(() => fake.originalResponse(submitted) ?? (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(fake.originalResponse(submitted)?.content).toBe("thanks for: great bot");
  });

  it("GIVEN an interaction older than 3 s WHEN the bot first answers THEN Discord's Unknown interaction (10062) comes back", async () => {
    const clock = createManualClock();
    const { r, errors } = await withHandler(
      async (i) => {
        if (i.isChatInputCommand()) await i.deferReply();
      },
      { clock: clock.now },
    );
    const { fake } = r;

    fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "slow" } });
    clock.advance(3_500);

    await fake.waitFor(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ code: 10062 });
  });

  it("GIVEN a deferred reply WHEN the bot edits it after 15 minutes THEN the token is dead (401, 50027)", async () => {
    const clock = createManualClock();
    let later: (() => Promise<unknown>) | undefined;
    const { r, errors } = await withHandler(
      async (i) => {
        if (!i.isChatInputCommand()) return;
        await i.deferReply();
        later = () => i.editReply("too late");
      },
      { clock: clock.now },
    );
    const { fake } = r;
    const interaction = fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "batch" } });
    await fake.waitFor(() => (interaction.response !== null && later) || (errors.length > 0 && errors));

    clock.advance(16 * 60_000);

    await expect(later!()).rejects.toMatchObject({ status: 401, code: 50027 });
    expect(errors).toEqual([]);
  });

  it("GIVEN /ask WHEN the bot replies with a file and follows up ephemerally with another THEN both uploads are stored and only the first is public", async () => {
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: "results", files: [{ attachment: Buffer.from("a,b"), name: "results.csv" }] });
      await i.followUp({ content: "details", files: [{ attachment: Buffer.from("{}"), name: "details.json" }], flags: MessageFlags.Ephemeral });
    });
    const { fake } = r;

    const interaction = fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "files" } });

    await fake.waitFor(() => interaction.followUpMessageIds.length === 1 || (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(fake.originalResponse(interaction)?.attachments.map((a) => a.filename)).toEqual(["results.csv"]);
    const [followUp] = fake.followUps(interaction);
    expect(followUp?.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp?.attachments.map((a) => [a.filename, a.ephemeral])).toEqual([["details.json", true]]);
  });

  it("GIVEN a guild command for admins only WHEN bob and alice try it THEN only alice can run it (as the Discord client would offer it)", async () => {
    const { r } = await withHandler(async (i) => {
      if (i.isChatInputCommand()) await i.reply("purged");
    });
    const { fake, client } = r;
    await client.application.commands.set([{ name: "purge", description: "Delete history", defaultMemberPermissions: "Administrator" }], fake.guildId());

    expect(() => fake.runCommand({ name: "purge", channelId: fake.channelId("general"), userId: fake.userId("bob") })).toThrow(/default_member_permissions/);
    const allowed = fake.runCommand({ name: "purge", channelId: fake.channelId("general"), userId: fake.userId("alice") });

    expect((await fake.waitFor(() => fake.originalResponse(allowed))).content).toBe("purged");
    expect(fake.commands(fake.guildId()).map((c) => [c.name, c.default_member_permissions])).toEqual([["purge", "8"]]);
  });

  it("GIVEN a DM with the bot WHEN alice runs a global command there THEN the interaction carries user instead of member", async () => {
    let sawUser: string | undefined;
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isChatInputCommand()) return;
      sawUser = i.user.username;
      await i.reply({ content: i.inGuild() ? "guild" : "dm" });
    });
    const { fake } = r;
    const dm = fake.dmChannel(fake.userId("alice"));

    const interaction = fake.runCommand({ name: "ask", channelId: dm.id, userId: fake.userId("alice"), options: { prompt: "private" } });

    const reply = await fake.waitFor(() => fake.originalResponse(interaction) ?? (errors.length > 0 && errors));
    expect(reply).toMatchObject({ content: "dm", channelId: dm.id });
    expect(sawUser).toBe("alice");
  });

  it("GIVEN /ask WHEN the bot defers ephemerally with the response, fetches and deletes its reply THEN each step matches @original", async () => {
    const seen: { responseId?: string | null; loading?: boolean | null; fetchedId?: string } = {};
    const { r, errors } = await withHandler(async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.deferReply({ flags: MessageFlags.Ephemeral, withResponse: true });
      seen.responseId = response.interaction.responseMessageId;
      seen.loading = response.interaction.responseMessageLoading;
      seen.fetchedId = (await i.fetchReply()).id;
      await i.deleteReply();
    });
    const { fake } = r;

    const interaction = fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "x" } });

    await fake.waitFor(() => fake.message(interaction.originalMessageId ?? "")?.deletedAt ?? (errors.length > 0 && errors));
    expect(errors).toEqual([]);
    expect(seen).toEqual({ responseId: interaction.originalMessageId, loading: true, fetchedId: interaction.originalMessageId });
    expect(fake.message(interaction.originalMessageId!)?.flags).toBe(MessageFlags.Ephemeral | MessageFlags.Loading);
  });

  it("GIVEN a public reply WHEN its token has expired THEN the bot can still edit it through the channel, as a plain message", async () => {
    const clock = createManualClock();
    const { r, errors } = await withHandler(
      async (i) => {
        if (i.isChatInputCommand()) await i.reply("batch submitted");
      },
      { clock: clock.now },
    );
    const { fake, client } = r;
    const interaction = fake.runCommand({ name: "ask", channelId: fake.channelId("general"), userId: fake.userId("alice"), options: { prompt: "batch" } });
    const reply = await fake.waitFor(() => fake.originalResponse(interaction) ?? (errors.length > 0 && errors));
    clock.advance(20 * 60_000);

    const channel = (await client.channels.fetch(fake.channelId("general"))) as TextChannel;
    await channel.messages.edit((reply as { id: string }).id, "batch finished");

    expect(fake.originalResponse(interaction)?.content).toBe("batch finished");
  });
});
