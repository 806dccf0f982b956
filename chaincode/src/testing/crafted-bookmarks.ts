/**
 * Test code: bookmarks a caller could send to steer the peer's paginated scan (issue 10). Raw keys would
 * start the scan anywhere below the end key, or past it; the forged tokens have the right alphabet but are
 * not canonical, not UTF-8, or decode past the end of any list.
 */
export const CRAFTED_BOOKMARKS: readonly string[] = [
  '\u0001',
  '\u0000',
  '\u0000consentByBank\u0000',
  '\u0000consentByBank\u0000Bank1MSP\u0000',
  '\u0000consentByCompany\u0000',
  '\u0000consentByCompany\u000091441300MA4UQ7R20Q\u0000c1',
  '\u0000accessByCompany\u0000',
  '\u0000accessByBank\u0000',
  'accessByTime|',
  '\u{10FFFF}',
  'not base64!',
  'AAAA=',
  'QQ==',
  // Non-canonical base64url: the last character carries bits a decoder drops.
  'Yx',
  // Valid base64url of bytes that are not UTF-8.
  Buffer.from([0xff, 0xfe]).toString('base64url'),
  // Valid base64url of a suffix that lands past the end key.
  Buffer.from('\u{10FFFF}x', 'utf8').toString('base64url'),
];
