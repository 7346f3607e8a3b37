import { EventEmitter } from 'node:events';

/** A change that happened, as published on /api/events so open pages update live. */
export interface ChangeEvent {
  type: string;
  /** e.g. `component:default/billing` */
  ref: string;
  action: 'create' | 'update' | 'delete';
  requestId: string;
  at: string;
}

/** The event bus consumers depend on; the in-process one serves embedded mode. */
export interface EventBus {
  publish(event: ChangeEvent): void;
  subscribe(listener: (event: ChangeEvent) => void): () => void;
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
}
