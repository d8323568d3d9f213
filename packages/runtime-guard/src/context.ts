import { AsyncLocalStorage } from 'node:async_hooks';
import * as diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

const MAX_URL = 200;

/**
 * Names the context a socket was created in. The guard's `AsyncLocalStorage` holds what `guard.run()`
 * was given (a test's name) and, for code running inside an HTTP server's request, `"METHOD /url"`: a
 * client socket opened while serving a request is attributed to that request.
 */
export class Attribution {
  readonly #storage = new AsyncLocalStorage<unknown>();
  readonly #user: (() => unknown) | undefined;
  #subscribed = false;

  constructor(user: (() => unknown) | undefined) {
    this.#user = user;
  }

  capture(): unknown {
    if (this.#user !== undefined) {
      const value = this.#user();
      if (value !== undefined) return value;
    }
    return this.#storage.getStore();
  }

  run<T>(context: unknown, fn: () => T): T {
    return this.#storage.run(context, fn);
  }

  /**
   * `http.server.request.start` is published synchronously right before the server emits `'request'`
   * (Node ≥ 18.6), so entering the store there covers the request handler and what it starts.
   */
  followRequests(): void {
    if (this.#subscribed) return;
    diagnostics.subscribe('http.server.request.start', this.#onRequest);
    this.#subscribed = true;
  }

  stop(): void {
    if (this.#subscribed) diagnostics.unsubscribe('http.server.request.start', this.#onRequest);
    this.#subscribed = false;
    this.#storage.disable();
  }

  readonly #onRequest = (message: unknown): void => {
    const request = (message as { request?: IncomingMessage }).request;
    if (request === undefined) return;
    const url = request.url ?? '';
    this.#storage.enterWith(`${request.method ?? 'GET'} ${url.length > MAX_URL ? `${url.slice(0, MAX_URL)}…` : url}`);
  };
}
