/**
 * Batch notices as plain embed data (the shape discord.js and the API take, without importing either), and the cut
 * that keeps one inside Discord's embed limits: each piece to its own limit, then, while the whole is over 6000
 * characters, the longest field values (and description) cut to a common length, so a list of failed records
 * gives way before the counts do. A cut ends in `…`, never inside a surrogate pair. `keepDescription` leaves the description
 * whole (download links must not be cut; the caller keeps it within 4096). Lengths are UTF-16 code units, which
 * never undercount what Discord counts.
 */

/** Discord's embed limits. */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface NoticeEmbed {
  title: string;
  description?: string;
  color: number;
  fields: EmbedField[];
  footer: { text: string };
}

/** Shortest a value is cut to while fitting the total: below it, a piece says nothing. */
const MIN_PIECE = 40;

export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Characters Discord counts toward the 6000 of a message's embeds. */
export function embedLength(embed: NoticeEmbed): number {
  return embed.title.length + (embed.description?.length ?? 0) + embed.footer.text.length + embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

export function fitEmbed(embed: NoticeEmbed, options: { keepDescription?: boolean } = {}): NoticeEmbed {
  const keep = options.keepDescription ?? false;
  if (keep && (embed.description?.length ?? 0) > EMBED_LIMITS.description) throw new RangeError("an embed description to keep is over 4096 characters");
  const fitted: NoticeEmbed = {
    ...embed,
    title: truncateText(embed.title, EMBED_LIMITS.title),
    ...(embed.description === undefined ? {} : { description: truncateText(embed.description, EMBED_LIMITS.description) }),
    fields: embed.fields.slice(0, EMBED_LIMITS.fields).map((field) => ({
      ...field,
      name: truncateText(field.name, EMBED_LIMITS.fieldName),
      value: truncateText(field.value, EMBED_LIMITS.fieldValue),
    })),
    footer: { text: truncateText(embed.footer.text, EMBED_LIMITS.footer) },
  };
  // Water-filling: every value (and the description, unless kept) is cut to one common cap, the largest that fits,
  // so long pieces give way evenly and short ones stay whole. Below MIN_PIECE nothing is said: drop fields instead.
  for (;;) {
    const fixed = embedLength({ ...fitted, description: keep ? fitted.description : undefined, fields: fitted.fields.map((field) => ({ ...field, value: "" })) });
    const pieces = [...fitted.fields.map((field) => field.value.length), ...(keep || fitted.description === undefined ? [] : [fitted.description.length])];
    const budget = EMBED_LIMITS.total - fixed;
    const over = (cap: number) => pieces.reduce((sum, length) => sum + Math.min(length, cap), 0) > budget;
    if (!over(Infinity)) return fitted;
    if (over(MIN_PIECE)) {
      if (fitted.fields.length === 0) throw new RangeError("an embed's title, kept description and footer alone are over 6000 characters");
      fitted.fields.pop();
      continue;
    }
    let low = MIN_PIECE;
    let high = Math.max(...pieces);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (over(middle)) high = middle - 1;
      else low = middle;
    }
    for (const field of fitted.fields) field.value = truncateText(field.value, low);
    if (!keep && fitted.description !== undefined) fitted.description = truncateText(fitted.description, low);
  }
}
