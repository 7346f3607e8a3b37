import { EventEmitter } from 'node:events';

/** A change that happened, as published on /api/events so open pages update live. */
export interface ChangeEvent {
  type: string;
  /** e.g. `component:default/billing` */
  ref: string;
  action: 'create' | 'update' | 'delete';
  requestId: string;
  at: string;
  /**
   * The data generation the change's transaction committed as (see generation.ts), shared by
   * all events of one transaction: a listener that keeps its own copy of the data (the facet
   * index) can tell whether it has heard of every write up to a generation.
   */
  generation?: number;
}

/**
 * How far a long task (an import) has come. Only the person who started it hears of it: the
 * task id is theirs, chosen by their client, and `actorId` says whose it is.
 */
export interface ProgressEvent {
  task: string;
  actorId: string;
  phase: string;
  done: number;
  total: number;
  at: string;
}

/** The event bus consumers depend on; the in-process one serves embedded mode. */
export interface EventBus {
  publish(event: ChangeEvent): void;
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  publishProgress(event: ProgressEvent): void;
  subscribeProgress(listener: (event: ProgressEvent) => void): () => void;
}

export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open browser tab is a listener; the default limit of 10 would warn spuriously.
    this.emitter.setMaxListeners(0);
  }

  publish(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  publishProgress(event: ProgressEvent): void {
    this.emitter.emit('progress', event);
  }

  subscribeProgress(listener: (event: ProgressEvent) => void): () => void {
    this.emitter.on('progress', listener);
    return () => this.emitter.off('progress', listener);
  }
}
