/** An input of a job: a local file (known by its content) or a remote URL (known by its address). */
export type MediaRef = { kind: "local"; path: string; sha256: string; bytes: number } | { kind: "remote"; url: string };

/** What identifies the input in a job key: content for local files, the URL for remote ones. */
export function mediaIdentity(ref: MediaRef): string {
  return ref.kind === "local" ? `sha256:${ref.sha256}` : `url:${ref.url}`;
}

/** How the input is shown to a person (reports, messages). */
export function mediaLabel(ref: MediaRef): string {
  return ref.kind === "local" ? ref.path : ref.url;
}

export function isRemote(text: string): boolean {
  return /^https?:\/\//i.test(text);
}
