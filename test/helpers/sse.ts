/** Reading Server-Sent Events from a response body (the live stream's tests). */

export interface SseEvent {
  event: string;
  id?: string;
  // Tests read event data loosely.
  data: Record<string, any>;
}

/** Reads SSE events from a response body until `until` says stop (then cancels the body). */
export async function readEvents(
  res: Response,
  until: (events: SseEvent[]) => boolean,
  onEvent: (e: SseEvent) => void = () => {},
): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  try {
    while (!until(events)) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const e: SseEvent = { event: 'message', data: {} };
        for (const line of block.split('\n')) {
          const [k, ...rest] = line.split(': ');
          const v = rest.join(': ');
          if (k === 'event') e.event = v;
          else if (k === 'id') e.id = v;
          else if (k === 'data') e.data = JSON.parse(v);
        }
        events.push(e);
        onEvent(e);
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}
