/** class-transformer `@Transform(trim)`: strings are checked and stored without surrounding white space. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
