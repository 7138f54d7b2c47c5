// The contract's JSON `message` strings: the API's words, English in every language (pages and
// mails take theirs from src/i18n).

export const API_MESSAGES = {
  registered: 'User registered successfully',
  verified: 'Email verified successfully',
  alreadyVerified: 'Email already verified',
  resent: 'If the account exists and is not verified, a new verification email has been sent',
  resetRequested: 'If the email exists, a reset link has been sent',
  passwordReset: 'Password reset successfully',
  loggedOut: 'Logged out successfully',
  languageChanged: 'Language changed',
} as const
