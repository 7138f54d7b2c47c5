// The English catalogue: it defines the keys every other language must cover, and is the
// fallback for a key a catalogue lacks at runtime. `{name}` is filled in; a plural entry has a
// form per Intl.PluralRules category (`other` is required), its number written as `{count}`.

export const en = {
  // The page frame
  'layout.skip': 'Skip to content',
  'layout.errorTitle': 'Error: {title}',
  'layout.nav': 'Account',
  'layout.account': 'Account',
  'layout.logout': 'Log out',
  'layout.login': 'Log in',
  'layout.signup': 'Sign up',
  'layout.language': 'Language:',

  // Form parts
  'form.errorPrefix': 'Error:',
  'form.checkForm': 'Please check the form.',
  'form.summaryLine': '{label}: {error}',
  'field.currentPassword': 'Current password',
  'field.newEmail': 'New email address',
  'accountPassword.title': 'Change your password',
  'accountPassword.submit': 'Change password',
  'accountEmail.title': 'Change your email address',
  'accountEmail.intro': 'We send a link to the new address; the change happens when you open it.',
  'accountEmail.submit': 'Send the link',
  'accountDelete.title': 'Delete your account',
  'accountDelete.intro':
    'This deletes your account, signs you out everywhere and removes your pending email change ' +
    'and unsent mail. It cannot be undone.',
  'accountDelete.submit': 'Delete my account',
  'sessions.title': 'Where you are signed in',
  'sessions.current': 'This device',
  'sessions.signOut': 'Sign out',
  'sessions.signOutOthers': 'Sign out everywhere else',
  'sessions.place': 'Place (IP address)',
  'sessions.created': 'Signed in',
  'sessions.lastSeen': 'Last seen',
  'sessions.none': 'You are signed in on this device only.',
  'notice.sessionRevoked': 'That session was signed out.',
  'notice.sessionsRevoked': 'You were signed out everywhere else.',
  'notice.emailChanged': 'Your email address was changed. From now on, log in with {email}.',
  'account.pendingEmail': 'Waiting for confirmation',
  'account.pendingEmailHint': 'Open the link we sent to this address to finish the change.',
  'emailChanged.title': 'Email address changed',
  'emailChanged.pending': 'Open the link in the mail to your new address to change it.',
  'emailChanged.account': 'Go to your account',
  'accountForm.tooMany':
    'Too many wrong passwords. Please wait {time}, or reset your password by email.',
  'notice.passwordChanged': 'Your password was changed. You were signed out everywhere else.',
  'notice.emailChangeRequested': 'Check your new inbox to confirm the change.',
  'notice.accountDeleted': 'Your account was deleted.',
  'field.email': 'Email',
  'field.password': 'Password',
  'field.newPassword': 'New password',
  'field.confirmNewPassword': 'Repeat the new password',
  'password.hint':
    'At least {min} characters. Long passphrases are welcome; very common passwords, ' +
    "repeated or sequential characters, your email and the site's name are refused.",

  // Field errors of a re-rendered form (the JSON 422 keeps the contract's English)
  'issue.required': 'This field is required.',
  'issue.string': 'Enter text here.',
  'issue.email': 'Enter a valid email address, like name@example.com.',
  'issue.emailTooLong': 'The email address can have at most 254 characters.',
  'issue.tooLong': 'This is too long.',
  'issue.passwordTooShort': 'The password must be at least {min} characters long.',
  'issue.passwordTooLong': 'The password can have at most {max} characters.',
  'issue.passwordInvalidText':
    'The password must be valid Unicode text (it contains an unpaired surrogate or an ' +
    'undecodable byte).',
  'issue.passwordControl': 'The password must not contain control characters.',
  'issue.passwordFewDistinct':
    'The password must contain at least {min} different characters (spaces and invisible ' +
    'characters do not count).',
  'issue.passwordRepeated':
    'The password must not be one character or a short group of characters repeated.',
  'issue.passwordRun':
    'The password must not be a run of consecutive characters such as abcdef, 123456 or 987654.',
  'issue.passwordCommon': 'This password is too common; choose another one.',
  'issue.passwordEmail': 'The password must not contain your email address.',
  'issue.passwordAppName': 'The password must not contain the name {name}.',
  'issue.passwordsDiffer': 'The passwords do not match.',

  // Units
  'unit.seconds': { one: '{count} second', other: '{count} seconds' },
  'unit.hours': { one: '{count} hour', other: '{count} hours' },

  // Home and account
  'home.welcomeBack': 'Welcome back',
  'home.welcome': 'Welcome to {app}',
  'home.signedInAs': 'You are signed in as {email}.',
  'home.goToAccount': 'Go to your account',
  'home.lead': 'Sign up with your email, confirm it, and log in. Nothing else needed.',
  'home.createAccount': 'Create an account',
  'home.login': 'Log in',
  'account.title': 'Your account',
  'account.email': 'Email',
  'account.verified': 'Email verified',
  'account.verifiedYes': 'Verified',
  'account.verifiedNo': 'Not yet',
  'account.signedInSince': 'Signed in since',
  'account.confirmPlease': 'Please confirm your email address: open the link we sent you.',
  'account.resend': 'Resend verification email',
  'account.logout': 'Log out',
  'account.resetHint': 'Forgot your password or want a new one? {link}.',
  'account.resetLink': 'Reset it by email',

  // Sign-up, log-in, forgot password, resend
  'register.title': 'Create your account',
  'register.submit': 'Create account',
  'register.haveAccount': 'Already have an account? {login} · {forgot}',
  'register.emailTaken':
    'Email already registered. Log in, or reset your password if you forgot it.',
  'auth.login': 'Log in',
  'auth.forgot': 'Forgot your password?',
  'auth.createAccount': 'Create an account',
  'auth.backToLogin': 'Back to log in',
  'login.title': 'Log in',
  'login.submit': 'Log in',
  'login.newHere': '{forgot} · New here? {register}',
  'login.noMail': "Didn't get the verification email?",
  'login.sendAgain': 'Send it again',
  'login.incorrect': 'Incorrect email or password.',
  'login.deactivated': 'This account is deactivated.',
  'login.unverified':
    'Please verify your email address. Check your inbox for the link, or ask for a new one below.',
  'login.tooMany': 'Too many failed attempts. Please wait {time}, or reset your password.',
  'forgot.title': 'Forgot your password?',
  'forgot.intro':
    'Enter the email of your account and we will send you a link to choose a new password.',
  'forgot.submit': 'Send reset link',
  'resend.title': 'Send the verification email again',
  'resend.submit': 'Send it again',

  // Pages after a successful form (Post/Redirect/Get)
  'inbox.title': 'Check your inbox',
  'inbox.devMailbox': 'Open the dev mailbox',
  'inbox.goToLogin': 'Go to log in',
  'inbox.lookIn': 'Look in the inbox of {email}.',
  'registered.unknown':
    'If you just created an account, a verification link is on its way to the address you entered.',
  'registered.sent': 'We sent a verification link to {email}.',
  'registered.pending':
    'Your account is created. The verification email is on its way; it may take a few minutes.',
  'registered.detail':
    'Open the link in the email to confirm your address, then log in. The link expires in {time}.',
  'resent.message':
    'If the account exists and is not verified, a new verification email has been sent.',
  'resent.detail': 'The new link expires in {time}.',
  'resetRequested.message': 'If the email exists, a reset link has been sent.',
  'resetRequested.detail': 'The link expires in {time} and works once.',
  'verified.title': 'Email confirmed',
  'verified.done': 'Email verified successfully.',
  'verified.already': 'Email already verified.',
  'verified.pendingTitle': 'Confirm your email',
  'verified.pending':
    'Open the link in your verification email and press its button to confirm your address.',
  'verified.alreadyHint': 'Already confirmed? Log in.',
  'resetDone.title': 'Password changed',
  'resetDone.done': 'Password reset successfully. Every other session was signed out.',
  'resetDone.login': 'Log in with your new password',
  'resetDone.pendingTitle': 'Choose a new password',
  'resetDone.pending': 'To set a new password, open the link in your reset email.',
  'resetDone.pendingHint': 'If you just set one, it is in effect: log in with it.',
  'resetDone.askLink': 'Ask for a reset link',

  // Pages of mailed links
  'emailChange.title': 'Confirm your new email address',
  'emailChange.intro': 'One more step: press the button to switch your account to this address.',
  'emailChange.submit': 'Confirm the new address',
  'verify.title': 'Confirm your email',
  'verify.intro': 'One more step: press the button to confirm this email address.',
  'verify.submit': 'Confirm my email',
  'verify.noChange':
    'Opening the link did not change anything: nothing happens until you press the button.',
  'linkFailed.title': 'This link no longer works',
  'verifyFailed.message': 'This verification link is invalid or has expired.',
  'verifyFailed.intro':
    'Verification links work for {time}. Enter your email and we will send you a new one.',
  'verifyFailed.submit': 'Send a new link',
  'verifyFailed.already': 'Already confirmed? {login}',
  'reset.title': 'Choose a new password',
  'reset.submit': 'Set new password',
  'reset.signsOut': 'Setting a new password signs you out everywhere.',
  'resetFailed.message': 'This reset link is invalid or has expired.',
  'resetFailed.intro':
    'Reset links work once and expire after {time}. A newer request also replaces older links.',
  'resetFailed.newLink': 'Ask for a new link',

  // Error pages
  'error.title': 'Error',
  'error.wait': 'Please wait {time} before trying again.',
  'error.requestId': 'If this keeps happening, send us this request id: {id}',
  'error.status': 'Error {status}',
  'error.home': 'Go to the home page',
  'error.tryAgain': 'Please try again in a few moments.',
  'error.devOrigin':
    'Development hint: this app only accepts forms from {origin} (APP_URL); open it at that ' +
    'address.',
  'status.400': 'That did not work',
  'status.401': 'Please log in',
  'status.403': 'Request refused',
  'status.404': 'Page not found',
  'status.405': 'Not allowed',
  'status.413': 'Too much data',
  'status.415': 'Unsupported request',
  'status.422': 'Please check the form',
  'status.429': 'Too many attempts',
  'status.500': 'Something went wrong',
  'status.503': 'Temporarily unavailable',
  'code.MALFORMED_JSON': 'The request body is not valid JSON.',
  'code.MALFORMED_BODY': 'There was an error parsing the body.',
  'code.EMAIL_TAKEN': 'Email already registered.',
  'code.VERIFY_TOKEN_INVALID': 'This verification link is invalid or has expired.',
  'code.RESET_TOKEN_INVALID': 'This reset link is invalid or has expired.',
  'code.PASSWORDS_DO_NOT_MATCH': 'The passwords do not match.',
  'code.CURRENT_PASSWORD_INCORRECT': 'Current password is incorrect.',
  'code.EMAIL_CHANGE_TOKEN_INVALID': 'This email change link is invalid or has expired.',
  'code.SESSION_NOT_FOUND': 'Session not found.',
  'code.INVALID_CREDENTIALS': 'Incorrect email or password.',
  'code.ACCOUNT_DEACTIVATED': 'This account is deactivated.',
  'code.EMAIL_NOT_VERIFIED': 'Please verify your email address.',
  'code.UNAUTHENTICATED': 'Please log in to continue.',
  'code.FORBIDDEN': 'This form was sent from another site, so it was refused.',
  'code.NOT_FOUND': 'There is nothing at this address.',
  'code.METHOD_NOT_ALLOWED': 'This address does not accept that kind of request.',
  'code.BODY_TOO_LARGE': 'The request is too large.',
  'code.UNSUPPORTED_MEDIA_TYPE': 'This kind of request body is not supported.',
  'code.VALIDATION_FAILED': 'Something in the request is missing or not valid.',
  'code.RATE_LIMITED': 'Too many requests came from your network in a short time.',
  'code.INTERNAL': 'An unexpected error occurred on our side. It has been logged.',
  'code.UNAVAILABLE': 'The service is temporarily unavailable.',

  // The development mailbox
  'devMailbox.title': 'Dev mailbox',
  'devMailbox.note':
    'Development only: with no {setting} set, mails land here instead of being sent. ' +
    'This page does not exist in production.',
  'devMailbox.refresh': 'Refresh',
  'devMailbox.empty': 'No mail yet. {link} and its verification email will appear here.',
  'devMailbox.createAccount': 'Create an account',
  'devMailbox.list': 'Mails, newest first',
  'devMailbox.to': 'To {to} · {time}',
  'devMailbox.open': 'Open {path}',
  'devMailbox.text': 'Plain-text version',

  // Mails
  'mail.code.label': 'On another device? Enter this code instead:',
  'mail.code.expires':
    'The code expires in {time}, works once, and stops working when the link is used.',
  'field.code': 'Code from the email',
  'codeForm.title': 'Enter the code from the email',
  'codeForm.intro': 'Opened the email on another device? Type its 8-character code here.',
  'codeForm.hint': 'Like ABCD-2345: upper or lower case, the dash is optional.',
  'codeForm.verifySubmit': 'Verify my email',
  'codeForm.resetSubmit': 'Set the new password',
  'codeForm.emailChangeSubmit': 'Confirm my new email',
  'codeForm.invalid': 'This code is wrong, already used or expired.',
  'codeForm.emailChangeIntro':
    'The email we sent to {email} has a link and a code: either confirms the change.',
  'mail.copyLink': 'If the button does not work, copy this address into your browser:',
  'mail.verify.subject': 'Verify your email address',
  'mail.verify.intro': 'Confirm that this address is yours to finish creating your {app} account.',
  'mail.verify.button': 'Verify my email',
  'mail.verify.expires': 'This link will expire in {time}.',
  'mail.verify.ignore': 'If you did not create an account, you can ignore this email.',
  'mail.reset.subject': 'Reset your password',
  'mail.reset.intro':
    'Someone asked to reset the password of your {app} account. Choose a new one here:',
  'mail.reset.button': 'Choose a new password',
  'mail.reset.expires': 'This link will expire in {time} and works once.',
  'mail.reset.ignore':
    'If you did not ask for this, you can ignore this email: your password stays as it is.',
  'mail.changed.subject': 'Your password was changed',
  'mail.changed.intro':
    'The password of your {app} account was just changed, and every session was signed out.',
  'mail.changed.notYou':
    'If this was you, you can ignore this email. If it was not, reset your password now at ' +
    "{link} and check your mailbox's security.",
  'mail.emailConfirm.subject': 'Confirm your new email address',
  'mail.emailConfirm.intro':
    'Someone asked to use this address for the {app} account of {oldEmail}. Confirm it here:',
  'mail.emailConfirm.button': 'Confirm my new email',
  'mail.emailConfirm.expires': 'This link will expire in {time} and works once.',
  'mail.emailConfirm.ignore':
    'If you did not ask for this, you can ignore this email: nothing changes.',
  'mail.emailNotice.subject': 'Your email address is being changed',
  'mail.emailNotice.intro':
    'Someone signed in to your {app} account asked to change its email address to {newEmail}. ' +
    'The change happens only once that address confirms it.',
  'mail.emailNotice.notYou':
    'If this was you, you can ignore this email. If it was not, reset your password now at ' +
    '{link}: that signs everyone out and stops the change.',
  'mail.emailChanged.subject': 'Your email address was changed',
  'mail.emailChanged.intro':
    'The email address of your {app} account is now {newEmail}. This address no longer logs in.',
  'mail.emailChanged.notYou':
    'If this was not you, contact the service at once: someone controls your account.',
  'mail.deleted.subject': 'Your account was deleted',
  'mail.deleted.intro':
    'Your {app} account and everything stored with it were deleted. You can sign up again ' +
    'with this address at any time.',
  'mail.deleted.notYou':
    'If you did not delete it, someone knew your password: change it wherever you reused it.',
}
