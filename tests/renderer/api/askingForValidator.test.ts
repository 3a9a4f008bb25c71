import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/common/errors.js';
import { askingForValidator } from '../../../renderer/src/api/askingForValidator.js';
import { answeringClient } from '../fakeClient.js';

/** A core that refuses decisions until a validator name is set, as catalogue/audit.ts does. */
function catalogue() {
  let validator: string | null = null;
  const decided: string[] = [];
  const fake = answeringClient({
    'settings.set': (i) => ((validator = i.validator as string), { validator }),
    'review.decide': () => {
      if (!validator) throw new ApiError('invalid_input', 'Set your validator name first').translated('validatorMissing');
      decided.push(validator);
      return { batchId: 'b1', changed: [1], overwritten: [] };
    },
    'review.query': () => ({ total: 0 }),
  });
  return { fake, decided };
}

describe('the validator name is asked when a decision first needs it', () => {
  it('asks once, then records the decision under the name given', async () => {
    const { fake, decided } = catalogue();
    let asked = 0;
    const client = askingForValidator(fake.client, async () => {
      asked++;
      await fake.client.call('settings.set', { validator: 'Bu Sri' });
      return true;
    });
    await expect(client.call('review.query', {} as never)).resolves.toEqual({ total: 0 });
    expect(asked).toBe(0);
    await expect(client.call('review.decide', {} as never)).resolves.toMatchObject({ changed: [1] });
    await client.call('review.decide', {} as never);
    expect([asked, decided]).toEqual([1, ['Bu Sri', 'Bu Sri']]);
  });

  it('records nothing and says why when the user closes the question without a name', async () => {
    const { fake, decided } = catalogue();
    const client = askingForValidator(fake.client, async () => false);
    await expect(client.call('review.decide', {} as never)).rejects.toMatchObject({ messageKey: 'validatorMissing' });
    expect(decided).toEqual([]);
  });
});
