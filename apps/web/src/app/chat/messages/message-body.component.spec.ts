import { TestBed } from '@angular/core/testing';
import { MessageBody } from './message-body.component';

async function render(body: string): Promise<HTMLElement> {
  const fixture = TestBed.createComponent(MessageBody);
  fixture.componentRef.setInput('body', body);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('MessageBody', () => {
  it('shows markup as text and creates no elements from it', async () => {
    const el = await render('<img src=x onerror=alert(1)>');
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(el.querySelector('img')).toBeNull();
  });

  it('turns http(s) URLs into safe links and keeps the rest as text', async () => {
    const el = await render('read https://example.com/docs now\nsecond line');
    const link = el.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(el.textContent).toBe('read https://example.com/docs now\nsecond line');
  });

  it('never links javascript: URLs', async () => {
    const el = await render('javascript:alert(1)');
    expect(el.querySelector('a')).toBeNull();
  });
});
