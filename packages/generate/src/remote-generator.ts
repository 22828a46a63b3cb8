// Host side: the async generator the caller holds.
import { type Launch, Stream } from './stream';

// A generator dropped without return(): its worker is asked to finish it.
const abandoned = new FinalizationRegistry<Stream>((stream) => stream.abandon());

/**
 * The async generator `generateInThread` / `generateInProcess` return. Its
 * worker task starts on the first `next()`; requests made while one is
 * pending wait their turn, as with any async generator.
 */
export class RemoteGenerator<Y, S> implements AsyncGenerator<Y, void, S> {
  readonly #stream: Stream;

  constructor(launch: Launch) {
    this.#stream = new Stream(launch);
    abandoned.register(this, this.#stream);
  }

  next(...[value]: [] | [S]): Promise<IteratorResult<Y, void>> {
    return this.#stream.request('next', value) as Promise<IteratorResult<Y, void>>;
  }

  return(value?: void | PromiseLike<void>): Promise<IteratorResult<Y, void>> {
    return this.#stream.request('return', value) as Promise<IteratorResult<Y, void>>;
  }

  throw(error?: unknown): Promise<IteratorResult<Y, void>> {
    return this.#stream.request('throw', error) as Promise<IteratorResult<Y, void>>;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  get [Symbol.toStringTag](): string {
    return 'RemoteGenerator';
  }
}
