/** The page's message box: an API problem (title, detail, each field's problem, the request) or any other error. */
import { ApiError } from './api.js';
import { byId, h } from './dom.js';

export class MessageBox {
  private readonly box = byId('message');

  /** `markInvalid` marks the form field of an API parameter; `clearInvalid` unmarks them all. */
  constructor(
    private readonly markInvalid: (parameter: string) => void,
    private readonly clearInvalid: () => void,
  ) {}

  showError(error: unknown): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    const e =
      error instanceof ApiError
        ? error
        : new ApiError(
            0,
            'Something went wrong',
            error instanceof Error ? error.message : String(error),
            '',
          );
    const parts: Node[] = [
      h('p', {}, h('strong', {}, e.status ? `${e.title} (${e.status})` : e.title), ' ', e.message),
    ];
    if (e.errors.length > 1) {
      parts.push(
        h(
          'ul',
          {},
          ...e.errors.map((x) => h('li', {}, h('code', {}, x.parameter), `: ${x.detail}`)),
        ),
      );
    }
    if (e.url) parts.push(h('p', {}, 'Request: ', h('a', { href: e.url }, h('code', {}, e.url))));
    this.box.replaceChildren(...parts);
    this.box.hidden = false;
    for (const x of e.errors) this.markInvalid(x.parameter);
  }

  clear(): void {
    this.box.hidden = true;
    this.box.replaceChildren();
    this.clearInvalid();
  }
}
