import type { SubmitRequest, TimeWindow } from "../contract.js";
import type { ListedFields, ListedTime } from "./task-api.js";
import { valueAt } from "./value-at.js";

/** A URL without its query string or fragment: presigned URLs change between requests. */
export function withoutQuery(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}

function timeOf(value: unknown, unit: ListedTime["unit"]): number | undefined {
  if (unit === "iso") return typeof value === "string" ? Date.parse(value) : undefined;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) return undefined;
  return unit === "s" ? number * 1000 : number;
}

/**
 * Whether a listed task could be the one `request` created in `window`: every field the list
 * shows must match, and its creation time (when shown) must fall in the window. A field the item
 * leaves out does not match: a task we cannot tell apart is not a candidate.
 */
export function listedTaskMatches(
  item: unknown,
  request: SubmitRequest,
  window: TimeWindow,
  listing: { createdAt?: ListedTime; shows: ListedFields },
): boolean {
  if (listing.createdAt) {
    const at = timeOf(valueAt(item, listing.createdAt.path), listing.createdAt.unit);
    if (at === undefined || Number.isNaN(at) || at < window.fromMs || at > window.toMs) return false;
  }
  const wanted: Record<keyof ListedFields, string | undefined> = {
    imageUrl: withoutQuery(request.imageUrl),
    videoUrl: withoutQuery(request.videoUrl),
    prompt: request.spec.prompt ?? "",
    clientRef: request.clientRef,
  };
  for (const [field, path] of Object.entries(listing.shows) as [keyof ListedFields, string][]) {
    const shown = valueAt(item, path);
    const value = field === "prompt" ? (shown ?? "") : shown;
    if (typeof value !== "string") return false;
    const comparable = field === "imageUrl" || field === "videoUrl" ? withoutQuery(value) : value;
    if (comparable !== wanted[field]) return false;
  }
  return true;
}
