import { EventEmitter } from 'node:events';
import type { CantingEvent } from '../../common/contract/index.js';

/** The one channel from core to whatever transport is listening. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(100);
  }
  emit(event: CantingEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (event: CantingEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
