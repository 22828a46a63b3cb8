import type { Progress } from './progress';
import type { Row } from './summary';

/** What every scenario gets: run's signal (Ctrl-C aborts it) and its progress line. */
export interface ScenarioContext {
  readonly signal: AbortSignal;
  readonly progress: Progress;
}

/** One demonstration: does real work, then checks from what it recorded that the promise held. */
export interface Scenario {
  /** For the command line (`node dist/index.js crawl`) and the interrupted line. */
  readonly name: string;
  /** The progress line's label. */
  readonly title: string;
  run(context: ScenarioContext): Promise<Row[]>;
}
