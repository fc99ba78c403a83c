import { assertApiBuilt } from './paths';

/** Fail once, early and clearly, instead of every suite timing out on a missing bundle. */
export default function setup(): void {
  assertApiBuilt();
}
