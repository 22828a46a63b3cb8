// The behaviour every aiox semaphore shares (the RedisSemaphore runs the same suite).
import { semaphoreBehaviour, type SemaphoreUnderTest } from '@aiox/internal/semaphore-behaviour';
import { flush } from '../test/helpers';
import { BoundedSemaphore, Semaphore } from './index';

function underTest(semaphore: Semaphore): SemaphoreUnderTest {
  return {
    acquireMany: (times, options) => semaphore.acquireMany(times, options),
    tryAcquire: (times) => (semaphore.tryAcquire(times) ? { release: () => semaphore.release(times) } : undefined),
  };
}

semaphoreBehaviour('Semaphore', { make: (value) => underTest(new Semaphore(value)), reactionTime: flush, refusesAboveValue: false, propertyRuns: 200 });
semaphoreBehaviour('BoundedSemaphore', { make: (value) => underTest(new BoundedSemaphore(value)), reactionTime: flush, refusesAboveValue: true, propertyRuns: 200 });
