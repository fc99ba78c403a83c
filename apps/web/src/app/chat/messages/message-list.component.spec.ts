import { TestBed } from '@angular/core/testing';
import { MessageRow } from '../model/timeline';
import { MessageList } from './message-list.component';
import { AttachmentLinks } from '../attachments/attachment-links.service';
import { aFile, aMessageRow, anImage } from '../testing/chat-factories';

const aRow = aMessageRow;

async function render(rows: MessageRow[], loadingOlder = false, online = true) {
  await TestBed.compileComponents();
  const fixture = TestBed.createComponent(MessageList);
  fixture.componentRef.setInput('online', online);
  fixture.componentRef.setInput('rows', rows);
  fixture.componentRef.setInput('hasMoreBefore', true);
  fixture.componentRef.setInput('loadingOlder', loadingOlder);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

async function renderFixture(rows: MessageRow[]) {
  await TestBed.compileComponents();
  const fixture = TestBed.createComponent(MessageList);
  fixture.componentRef.setInput('rows', rows);
  await fixture.whenStable();
  return fixture;
}

describe('MessageList', () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [MessageList], providers: [{ provide: AttachmentLinks, useValue: { current: (a: unknown) => a } }] }));

  it('shows a pending message’s files, bare when there is no caption, with their boxes reserved before their code arrives', async () => {
    const fixture = await renderFixture([aRow({ body: '', status: 'sending', seq: null, id: null, attachments: [anImage('a1', { width: 960, height: 480 }), aFile('a2')] })]);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.bubble')?.classList).toContain('media-only');
    await vi.waitFor(() => expect(el.querySelector('app-message-attachments img')).not.toBeNull());
    const img = el.querySelector('img')!;
    expect([img.alt, img.getAttribute('width'), img.getAttribute('height')]).toEqual(['a1.png', '480', '240']);
    expect(el.querySelector('[role=group]')?.getAttribute('aria-label')).toBe('a2.pdf, 2.4 MB');
  });

  it('says why a send failed in visible text, not only in a tooltip', async () => {
    const el = await render([aRow({ status: 'failed', error: 'Message is too long.' })]);
    expect(el.querySelector('.status.failed')?.textContent).toContain('Message is too long.');
  });

  it('marks the log busy while older messages load', async () => {
    expect((await render([aRow()], true)).querySelector('[role="log"]')?.getAttribute('aria-busy')).toBe('true');
    TestBed.resetTestingModule();
    expect((await render([aRow()], false)).querySelector('[role="log"]')?.getAttribute('aria-busy')).toBe('false');
  });

  it('says a message sent offline is waiting for the connection, and "Sending…" once online', async () => {
    expect((await render([aRow({ status: 'sending' })], false, false)).querySelector('.status')?.textContent).toBe('Waiting for connection');
    TestBed.resetTestingModule();
    expect((await render([aRow({ status: 'sending' })], false, true)).querySelector('.status')?.textContent).toBe('Sending…');
  });

  it('offers Delete beside Retry on a failed message', async () => {
    const fixture = await renderFixture([aRow({ status: 'failed', error: 'Not delivered.' })]);
    const discarded: string[] = [];
    fixture.componentInstance.discard.subscribe((id) => discarded.push(id));
    const buttons = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<HTMLButtonElement>('.status.failed button'));
    expect(buttons.map((b) => b.textContent)).toEqual(['Retry', 'Delete']);
    buttons[1].click();
    expect(discarded).toEqual(['cm1']);
  });

  it('shows the full date of a message on keyboard focus of its time and on a tap of its bubble', async () => {
    const fixture = await renderFixture([aRow({ key: 'a', endsGroup: false }), aRow({ key: 'b', clientMessageId: 'cm2' })]);
    const host = fixture.nativeElement as HTMLElement;
    const time = host.querySelector<HTMLElement>('time')!;
    expect(time.getAttribute('tabindex')).toBe('0');
    expect(time.getAttribute('datetime')).toBe(new Date(2026, 0, 10, 9, 0).toISOString());
    time.dispatchEvent(new FocusEvent('focus'));
    await fixture.whenStable();
    expect(host.querySelector('time')?.textContent).toContain('January 10, 2026');

    host.querySelector<HTMLElement>('.bubble')!.click();
    await fixture.whenStable();
    expect(host.querySelectorAll('time')).toHaveLength(2);
    expect(host.querySelector('time')?.textContent).toContain('Saturday, January 10, 2026');
  });
});
