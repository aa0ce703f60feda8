/**
 * `fetch_url`: the model reads a web page the user pointed it to. Off unless `[web_fetch] enabled`; the front end
 * offers it where `[web_fetch]` allows (`webFetchAllowedIn`) and tells it which URLs people wrote in the
 * conversation: by default only those may be fetched, so a prompt injected into a page or a file cannot make the
 * model send the conversation to a host of its choosing. What is fetched and how is `safeFetch` (public addresses
 * only, checked at connect time, on every redirect). Every refusal says why, so the model can tell the user.
 */
import { z } from "zod";
import type { WebFetchConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { defineTool, type Tool } from "../tool-registry.ts";
import { pageToText } from "./page-to-text.ts";
import { safeFetch, type SafeFetchDeps } from "./safe-fetch.ts";
import { normalizeUrl } from "./urls-in-text.ts";

export const FETCH_URL_TOOL = "fetch_url";

export interface FetchUrlToolDeps {
  config: WebFetchConfig;
  /** Normalised URLs people wrote in the conversation (`urlsInText`); the only ones fetched when `conversation_urls_only`. */
  conversationUrls: ReadonlySet<string>;
  fetch?: SafeFetchDeps;
}

const inputSchema = z.object({
  url: z.string().min(1).max(2000).describe("The http(s) URL to read, exactly as the user wrote it in the conversation."),
});

export function createFetchUrlTool(deps: FetchUrlToolDeps): Tool {
  const { config } = deps;
  return defineTool({
    name: FETCH_URL_TOOL,
    description:
      "Fetches a public web page (GET) and returns its readable text, for reading or summarising a page the user linked." +
      (config.conversation_urls_only ? " Only URLs that the user wrote in this conversation can be fetched." : "") +
      " Private, local and cloud-internal addresses are refused.",
    inputSchema,
    run: async ({ url }, context) => {
      const normal = normalizeUrl(url);
      if (normal === undefined) throw new UserFacingError(`Refused: "${url.slice(0, 200)}" is not a valid URL.`);
      if (config.conversation_urls_only && !deps.conversationUrls.has(normal)) {
        throw new UserFacingError(
          "Refused: only URLs that a person wrote in this conversation can be fetched, and this one was not (it may come from a page or from the model). Ask the user to post the link.",
        );
      }
      const fetched = await safeFetch(
        normal,
        {
          allow_domains: config.allow_domains,
          deny_domains: config.deny_domains,
          maxRedirects: config.max_redirects,
          maxBytes: config.max_bytes,
          timeoutMs: config.timeout_seconds * 1000,
          ...(context.abortSignal === undefined ? {} : { signal: context.abortSignal }),
        },
        deps.fetch,
      );
      if (fetched.status >= 400) throw new UserFacingError(`The server answered HTTP ${fetched.status} for ${fetched.finalUrl}.`);
      const page = pageToText(fetched.bytes, fetched.contentType);
      const cut = page.text.length > config.max_chars;
      const notes = [
        ...(fetched.truncated ? [`only the first ${config.max_bytes} bytes of the page were read`] : []),
        ...(cut ? [`the text was cut to ${config.max_chars} characters`] : []),
      ];
      return {
        url: fetched.url,
        ...(fetched.finalUrl === fetched.url ? {} : { final_url: fetched.finalUrl }),
        status: fetched.status,
        ...(page.title === undefined ? {} : { title: page.title }),
        text: cut ? page.text.slice(0, config.max_chars) : page.text,
        ...(notes.length === 0 ? {} : { note: `Incomplete: ${notes.join("; ")}.` }),
      };
    },
  });
}
