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
  /** v2: a reply shows at most this many characters of the message it answers. */
  replyPreviewMax: 200,
  /** v2: distinct emoji one message can carry. */
  reactionsPerMessageMax: 20,
  /** v2: the longest emoji (in UTF-16 code units) a reaction accepts, e.g. a family ZWJ sequence. */
  emojiMax: 64,
  /** v2: message search. */
  searchTextMax: 200,
  searchPageDefault: 20,
  searchPageMax: 50,
  /** v2: user ids one `presence:subscribe` may name (it replaces the socket's previous subscription). */
  presenceSubscribeMax: 500,
  /** v2: a typing indicator goes out by itself this long after the last `typing: true`. */
  typingExpiresMs: 6_000,
  /** v2: while someone types, their client renews `typing: true` this often. */
  typingRenewMs: 3_000,
  /** v2: without input in any tab for this long, the client reports `away`. */
  awayAfterMs: 5 * 60_000,
  /** v2: files one message carries. */
  attachmentsPerMessageMax: 10,
  /** v2: the longest side of an image's thumbnail, in pixels. */
  thumbnailMaxSide: 480,
  /** v2: a sanitised file name is cut to this many characters (the extension kept). */
  fileNameMax: 200,
} as const;
