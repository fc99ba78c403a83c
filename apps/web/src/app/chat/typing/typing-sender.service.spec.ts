import { TestBed } from '@angular/core/testing';
import { Limits } from '@parley/contract';
import { fakeSocket } from '../testing/fake-socket';
import { TypingSender } from './typing-sender.service';

function setup() {
  const { fake, provider } = fakeSocket();
  TestBed.configureTestingModule({ providers: [provider, TypingSender] });
  return { fake, sender: TestBed.inject(TypingSender), sent: () => fake.sendTyping.mock.calls.map(([p]) => `${p.conversationId}:${p.typing}`) };
}

describe('TypingSender', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says "typing" on the first key and renews it at most every typingRenewMs while the keys keep coming', async () => {
    const { sender, sent } = setup();
    sender.input('c1', 'h');
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(250);
      sender.input('c1', 'hello'.slice(0, (i % 5) + 1));
    }
    expect(sent()).toEqual(['c1:true']);
    await vi.advanceTimersByTimeAsync(Limits.typingRenewMs - 2_500);
    sender.input('c1', 'hello!');
    expect(sent()).toEqual(['c1:true', 'c1:true']);
  });

  it('says "false" when the field empties or the message goes, and only after a "true"', () => {
    const { sender, sent } = setup();
    sender.stop('c1');
    sender.input('c1', '   ');
    expect(sent()).toEqual([]);
    sender.input('c1', 'hi');
    sender.input('c1', '');
    sender.input('c1', 'hi again');
    sender.stop('c1');
    sender.stop('c1');
    expect(sent()).toEqual(['c1:true', 'c1:false', 'c1:true', 'c1:false']);
  });

  it('stops in one conversation before it types in another, and a stop for another one changes nothing', () => {
    const { sender, sent } = setup();
    sender.input('c1', 'a');
    sender.stop('c2');
    sender.input('c2', 'b');
    expect(sent()).toEqual(['c1:true', 'c1:false', 'c2:true']);
  });

  it('says it again at once on a new connection', () => {
    const { fake, sender, sent } = setup();
    sender.input('c1', 'a');
    fake.connected$.next({ reconnect: true });
    sender.input('c1', 'ab');
    expect(sent()).toEqual(['c1:true', 'c1:true']);
  });
});
