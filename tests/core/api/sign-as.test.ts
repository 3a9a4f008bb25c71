import { describe, expect, it } from 'vitest';
import { LOCAL_CALLER, type Caller } from '../../../electron/core/api/caller.js';
import { signAs, signedInActor } from '../../../electron/core/api/sign-as.js';

const ayu: Caller = { kind: 'user', user: { id: 4, username: 'ayu', displayName: 'Ayu Lestari', role: 'validator' } };

describe('who signs a call', () => {
  it('a signed-in user signs as themselves, whatever name is typed', () => {
    expect(signAs(ayu, 'Ratna')).toEqual({ validator: 'Ayu Lestari', userId: 4 });
    expect(signAs(ayu)).toEqual({ validator: 'Ayu Lestari', userId: 4 });
    expect(signedInActor(ayu)).toEqual({ name: 'Ayu Lestari', userId: 4 });
  });

  it('the local caller keeps the typed name, else leaves it to the catalogue setting', () => {
    expect(signAs(LOCAL_CALLER, 'Sari')).toEqual({ validator: 'Sari' });
    expect(signAs(LOCAL_CALLER)).toBeUndefined();
    expect(signedInActor(LOCAL_CALLER)).toBeUndefined();
  });
});
