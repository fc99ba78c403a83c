/**
 * Input rules enforced by the API and mirrored by the client's inline validation.
 * Change them here and both sides follow.
 */
export const Limits = {
  usernameMin: 3,
  usernameMax: 32,
  /** Usernames are stored lower-case; any case is accepted on input. */
  usernamePattern: /^[A-Za-z0-9_.-]+$/,
  passwordMin: 8,
  passwordMax: 128,
  displayNameMax: 64,
  messageBodyMax: 4000,
  clientMessageIdMax: 64,
  clientMessageIdPattern: /^[A-Za-z0-9_-]+$/,
  messagesPageDefault: 50,
  messagesPageMax: 200,
  usersPageDefault: 50,
  usersPageMax: 100,
  conversationsPageMax: 100,
  searchQueryMax: 64,
  syncPageDefault: 200,
  syncPageMax: 500,
  /** A group has 3 to 256 members, its creator included. */
  groupMembersMin: 3,
  groupMembersMax: 256,
  groupTitleMax: 80,
} as const;
