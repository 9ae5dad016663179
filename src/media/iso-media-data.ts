/**
 * MP4 and MOV files (ISO base media) are a chain of top-level boxes: the index (`moov`: tracks,
 * sizes, duration) and the frames (`mdat`, nearly all of the bytes). Once the index has been read,
 * mediainfo goes on to read frames it does not need for what we ask. This watches the bytes handed
 * to it and says when a read would go into the frames after the index is known.
 */
export interface MediaDataStop {
  /** Records bytes given to the prober. */
  observe(offset: number, data: Uint8Array): void;
  /** True when a read at `offset` is frame data and the index has been read in full. */
  reached(offset: number): boolean;
}

interface Box {
  type: string;
  start: number;
  end: number;
}

/** Types a file may begin with (ISO/IEC 14496-12 and QuickTime). */
const FIRST_BOX_TYPES = new Set(["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"]);

export function isoMediaDataStop(): MediaDataStop {
  // Data is kept only while it may still hold a box header; spans remember what was read.
  let chunks: { offset: number; data: Uint8Array }[] = [];
  const spans: { start: number; end: number }[] = [];
  const boxes: Box[] = [];
  let nextBox = 0;
  let iso = true;
  let done = false;

  /** The bytes [position, position + length) if they were all observed. */
  function bytesAt(position: number, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const at = position + filled;
      const chunk = chunks.find((c) => c.offset <= at && at < c.offset + c.data.length);
      if (!chunk) return undefined;
      const piece = chunk.data.subarray(at - chunk.offset, at - chunk.offset + (length - filled));
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  }

  function walk(): void {
    while (iso && !done) {
      const header = bytesAt(nextBox, 8);
      if (!header) return;
      const view = new DataView(header.buffer);
      const type = String.fromCharCode(...header.subarray(4, 8));
      if (!/^[\x20-\x7e]{4}$/.test(type) || (nextBox === 0 && !FIRST_BOX_TYPES.has(type))) {
        iso = false;
        return;
      }
      let size = view.getUint32(0);
      if (size === 1) {
        const large = bytesAt(nextBox + 8, 8);
        if (!large) return;
        size = Number(new DataView(large.buffer).getBigUint64(0));
      }
      if (size === 0) {
        boxes.push({ type, start: nextBox, end: Number.POSITIVE_INFINITY });
        done = true;
        return;
      }
      if (size < 8) {
        iso = false;
        return;
      }
      boxes.push({ type, start: nextBox, end: nextBox + size });
      nextBox += size;
    }
  }

  function covered(start: number, end: number): boolean {
    let at = start;
    for (const span of [...spans].sort((a, b) => a.start - b.start)) {
      if (span.start > at) break;
      at = Math.max(at, span.end);
      if (at >= end) return true;
    }
    return at >= end;
  }

  return {
    observe(offset, data) {
      if (!iso || data.length === 0) return;
      chunks.push({ offset, data });
      spans.push({ start: offset, end: offset + data.length });
      walk();
      chunks = chunks.filter((c) => c.offset + c.data.length > nextBox);
    },
    reached(offset) {
      if (!iso) return false;
      const index = boxes.find((b) => b.type === "moov");
      if (!index || !Number.isFinite(index.end) || !covered(index.start, index.end)) return false;
      return boxes.some((b) => b.type === "mdat" && offset >= b.start + 8 && offset < b.end);
    },
  };
}
