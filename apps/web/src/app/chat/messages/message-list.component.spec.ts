import { TestBed } from '@angular/core/testing';
import { MessageRow } from '../model/timeline';
import { MessageList } from './message-list.component';
import { aMessageRow } from '../testing/chat-factories';

const aRow = aMessageRow;

async function render(rows: MessageRow[], loadingOlder = false) {
  const fixture = TestBed.createComponent(MessageList);
  fixture.componentRef.setInput('rows', rows);
  fixture.componentRef.setInput('hasMoreBefore', true);
  fixture.componentRef.setInput('loadingOlder', loadingOlder);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('MessageList', () => {
  it('says why a send failed in visible text, not only in a tooltip', async () => {
    const el = await render([aRow({ status: 'failed', error: 'Message is too long.' })]);
    expect(el.querySelector('.status.failed')?.textContent).toContain('Message is too long.');
  });

  it('marks the log busy while older messages load', async () => {
    expect((await render([aRow()], true)).querySelector('[role="log"]')?.getAttribute('aria-busy')).toBe('true');
    TestBed.resetTestingModule();
    expect((await render([aRow()], false)).querySelector('[role="log"]')?.getAttribute('aria-busy')).toBe('false');
  });
});
