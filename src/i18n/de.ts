// Der deutsche Katalog: förmliche Anrede (Sie), Schlüssel wie im englischen.
import type { Catalogue } from './translate'

export const de = {
  'layout.skip': 'Zum Inhalt springen',
  'layout.errorTitle': 'Fehler: {title}',
  'layout.nav': 'Konto',
  'layout.account': 'Konto',
  'layout.logout': 'Abmelden',
  'layout.login': 'Anmelden',
  'layout.signup': 'Registrieren',
  'layout.language': 'Sprache:',

  'form.errorPrefix': 'Fehler:',
  'form.checkForm': 'Bitte prüfen Sie Ihre Angaben.',
  'form.summaryLine': '{label}: {error}',
  'field.currentPassword': 'Aktuelles Passwort',
  'field.newEmail': 'Neue E-Mail-Adresse',
  'accountPassword.title': 'Passwort ändern',
  'accountPassword.submit': 'Passwort ändern',
  'accountEmail.title': 'E-Mail-Adresse ändern',
  'accountEmail.intro':
    'Wir senden einen Link an die neue Adresse; die Änderung erfolgt, wenn Sie ihn öffnen.',
  'accountEmail.submit': 'Link senden',
  'accountDelete.title': 'Konto löschen',
  'accountDelete.intro':
    'Dies löscht Ihr Konto, meldet Sie überall ab und entfernt Ihre ausstehende Adressänderung ' +
    'und nicht gesendete E-Mails. Das lässt sich nicht rückgängig machen.',
  'accountDelete.submit': 'Mein Konto löschen',
  'sessions.title': 'Wo Sie angemeldet sind',
  'sessions.current': 'Dieses Gerät',
  'sessions.signOut': 'Abmelden',
  'sessions.signOutOthers': 'Überall sonst abmelden',
  'sessions.place': 'Ort (IP-Adresse)',
  'sessions.created': 'Angemeldet',
  'sessions.lastSeen': 'Zuletzt aktiv',
  'sessions.none': 'Sie sind nur auf diesem Gerät angemeldet.',
  'notice.sessionRevoked': 'Diese Sitzung wurde abgemeldet.',
  'notice.sessionsRevoked': 'Sie wurden überall sonst abgemeldet.',
  'notice.emailChanged':
    'Ihre E-Mail-Adresse wurde geändert. Melden Sie sich ab jetzt mit {email} an.',
  'account.pendingEmail': 'Wartet auf Bestätigung',
  'account.pendingEmailHint':
    'Öffnen Sie den Link, den wir an diese Adresse geschickt haben, um die Änderung abzuschließen.',
  'emailChanged.title': 'E-Mail-Adresse geändert',
  'emailChanged.pending':
    'Öffnen Sie den Link in der E-Mail an Ihre neue Adresse, um sie zu ändern.',
  'emailChanged.account': 'Zu Ihrem Konto',
  'accountForm.tooMany':
    'Zu viele falsche Passwörter. Bitte warten Sie {time} oder setzen Sie Ihr Passwort per ' +
    'E-Mail zurück.',
  'notice.passwordChanged': 'Ihr Passwort wurde geändert. Sie wurden überall sonst abgemeldet.',
  'notice.emailChangeRequested': 'Prüfen Sie Ihr neues Postfach, um die Änderung zu bestätigen.',
  'notice.accountDeleted': 'Ihr Konto wurde gelöscht.',
  'field.email': 'E-Mail-Adresse',
  'field.password': 'Passwort',
  'field.newPassword': 'Neues Passwort',
  'field.confirmNewPassword': 'Neues Passwort wiederholen',
  'password.hint':
    'Mindestens {min} Zeichen. Lange Passphrasen sind willkommen; sehr verbreitete Passwörter, ' +
    'wiederholte oder aufeinanderfolgende Zeichen, Ihre E-Mail-Adresse und der Name der ' +
    'Website sind nicht erlaubt.',

  'issue.required': 'Bitte füllen Sie dieses Feld aus.',
  'issue.string': 'Bitte geben Sie hier einen Text ein.',
  'issue.email': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.',
  'issue.emailTooLong': 'Die E-Mail-Adresse darf höchstens 254 Zeichen lang sein.',
  'issue.tooLong': 'Die Eingabe ist zu lang.',
  'issue.passwordTooShort': 'Das Passwort muss mindestens {min} Zeichen lang sein.',
  'issue.passwordTooLong': 'Das Passwort darf höchstens {max} Zeichen lang sein.',
  'issue.passwordInvalidText':
    'Das Passwort enthält Zeichen, die kein gültiger Text sind (ein einzelnes Surrogat oder ' +
    'ein nicht lesbares Byte).',
  'issue.passwordControl': 'Das Passwort darf keine Steuerzeichen enthalten.',
  'issue.passwordFewDistinct':
    'Das Passwort muss mindestens {min} verschiedene Zeichen enthalten (Leerzeichen und ' +
    'unsichtbare Zeichen zählen nicht).',
  'issue.passwordRepeated':
    'Das Passwort darf nicht aus einem einzelnen Zeichen oder einer kurzen, wiederholten ' +
    'Zeichenfolge bestehen.',
  'issue.passwordRun':
    'Das Passwort darf keine fortlaufende Zeichenfolge wie abcdef, 123456 oder 987654 sein.',
  'issue.passwordCommon': 'Dieses Passwort ist zu verbreitet; bitte wählen Sie ein anderes.',
  'issue.passwordEmail': 'Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.',
  'issue.passwordAppName': 'Das Passwort darf den Namen {name} nicht enthalten.',
  'issue.passwordsDiffer': 'Die Passwörter stimmen nicht überein.',

  'unit.seconds': { one: '{count} Sekunde', other: '{count} Sekunden' },
  'unit.hours': { one: '{count} Stunde', other: '{count} Stunden' },

  'home.welcomeBack': 'Willkommen zurück',
  'home.welcome': 'Willkommen bei {app}',
  'home.signedInAs': 'Sie sind angemeldet als {email}.',
  'home.goToAccount': 'Zu Ihrem Konto',
  'home.lead':
    'Registrieren Sie sich mit Ihrer E-Mail-Adresse, bestätigen Sie sie und melden Sie sich ' +
    'an. Mehr braucht es nicht.',
  'home.createAccount': 'Konto erstellen',
  'home.login': 'Anmelden',
  'account.title': 'Ihr Konto',
  'account.email': 'E-Mail-Adresse',
  'account.verified': 'E-Mail-Adresse bestätigt',
  'account.verifiedYes': 'Bestätigt',
  'account.verifiedNo': 'Noch nicht',
  'account.signedInSince': 'Angemeldet seit',
  'account.confirmPlease':
    'Bitte bestätigen Sie Ihre E-Mail-Adresse: Öffnen Sie den Link, den wir Ihnen geschickt haben.',
  'account.resend': 'Bestätigungs-E-Mail erneut senden',
  'account.logout': 'Abmelden',
  'account.resetHint': 'Passwort vergessen oder ein neues gewünscht? {link}.',
  'account.resetLink': 'Per E-Mail zurücksetzen',

  'register.title': 'Konto erstellen',
  'register.submit': 'Konto erstellen',
  'register.haveAccount': 'Sie haben bereits ein Konto? {login} · {forgot}',
  'register.emailTaken':
    'Diese E-Mail-Adresse ist bereits registriert. Melden Sie sich an, oder setzen Sie Ihr ' +
    'Passwort zurück, falls Sie es vergessen haben.',
  'auth.login': 'Anmelden',
  'auth.forgot': 'Passwort vergessen?',
  'auth.createAccount': 'Konto erstellen',
  'auth.backToLogin': 'Zurück zur Anmeldung',
  'login.title': 'Anmelden',
  'login.submit': 'Anmelden',
  'login.newHere': '{forgot} · Neu hier? {register}',
  'login.noMail': 'Keine Bestätigungs-E-Mail erhalten?',
  'login.sendAgain': 'Erneut senden',
  'login.incorrect': 'E-Mail-Adresse oder Passwort ist falsch.',
  'login.deactivated': 'Dieses Konto ist deaktiviert.',
  'login.unverified':
    'Bitte bestätigen Sie Ihre E-Mail-Adresse. Den Link finden Sie in Ihrem Posteingang; ' +
    'unten können Sie einen neuen anfordern.',
  'login.tooMany':
    'Zu viele fehlgeschlagene Versuche. Bitte warten Sie {time} oder setzen Sie Ihr Passwort ' +
    'zurück.',
  'forgot.title': 'Passwort vergessen?',
  'forgot.intro':
    'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ' +
    'ein neues Passwort festlegen können.',
  'forgot.submit': 'Link zum Zurücksetzen senden',
  'resend.title': 'Bestätigungs-E-Mail erneut senden',
  'resend.submit': 'Erneut senden',

  'inbox.title': 'Prüfen Sie Ihren Posteingang',
  'inbox.devMailbox': 'Entwicklungs-Postfach öffnen',
  'inbox.goToLogin': 'Zur Anmeldung',
  'inbox.lookIn': 'Sehen Sie im Posteingang von {email} nach.',
  'registered.unknown':
    'Falls Sie gerade ein Konto erstellt haben, ist ein Bestätigungslink an die angegebene ' +
    'Adresse unterwegs.',
  'registered.sent': 'Wir haben einen Bestätigungslink an {email} gesendet.',
  'registered.pending':
    'Ihr Konto ist erstellt. Die Bestätigungs-E-Mail ist unterwegs; das kann einige Minuten ' +
    'dauern.',
  'registered.detail':
    'Öffnen Sie den Link in der E-Mail, um Ihre Adresse zu bestätigen, und melden Sie sich ' +
    'dann an. Der Link ist {time} lang gültig.',
  'resent.message':
    'Falls das Konto existiert und noch nicht bestätigt ist, wurde eine neue ' +
    'Bestätigungs-E-Mail gesendet.',
  'resent.detail': 'Der neue Link ist {time} lang gültig.',
  'resetRequested.message':
    'Falls die E-Mail-Adresse registriert ist, wurde ein Link zum Zurücksetzen gesendet.',
  'resetRequested.detail': 'Der Link ist {time} lang gültig und funktioniert nur einmal.',
  'verified.title': 'E-Mail-Adresse bestätigt',
  'verified.done': 'Ihre E-Mail-Adresse wurde bestätigt.',
  'verified.already': 'Ihre E-Mail-Adresse ist bereits bestätigt.',
  'verified.pendingTitle': 'E-Mail-Adresse bestätigen',
  'verified.pending':
    'Öffnen Sie den Link in Ihrer Bestätigungs-E-Mail und klicken Sie auf die Schaltfläche, ' +
    'um Ihre Adresse zu bestätigen.',
  'verified.alreadyHint': 'Bereits bestätigt? Dann melden Sie sich an.',
  'resetDone.title': 'Passwort geändert',
  'resetDone.done': 'Ihr Passwort wurde zurückgesetzt. Alle anderen Sitzungen wurden abgemeldet.',
  'resetDone.login': 'Mit dem neuen Passwort anmelden',
  'resetDone.pendingTitle': 'Neues Passwort festlegen',
  'resetDone.pending':
    'Um ein neues Passwort festzulegen, öffnen Sie den Link in Ihrer E-Mail zum Zurücksetzen.',
  'resetDone.pendingHint':
    'Falls Sie gerade eines festgelegt haben, gilt es bereits: Melden Sie sich damit an.',
  'resetDone.askLink': 'Link zum Zurücksetzen anfordern',

  'emailChange.title': 'Neue E-Mail-Adresse bestätigen',
  'emailChange.intro':
    'Noch ein Schritt: Klicken Sie auf die Schaltfläche, um Ihr Konto auf diese Adresse ' +
    'umzustellen.',
  'emailChange.submit': 'Neue Adresse bestätigen',
  'verify.title': 'E-Mail-Adresse bestätigen',
  'verify.intro':
    'Nur noch ein Schritt: Klicken Sie auf die Schaltfläche, um diese E-Mail-Adresse zu ' +
    'bestätigen.',
  'verify.submit': 'E-Mail-Adresse bestätigen',
  'verify.noChange':
    'Das Öffnen des Links hat noch nichts verändert: Erst wenn Sie auf die Schaltfläche ' +
    'klicken, geschieht etwas.',
  'linkFailed.title': 'Dieser Link funktioniert nicht mehr',
  'verifyFailed.message': 'Dieser Bestätigungslink ist ungültig oder abgelaufen.',
  'verifyFailed.intro':
    'Bestätigungslinks sind {time} lang gültig. Geben Sie Ihre E-Mail-Adresse ein, und wir ' +
    'senden Ihnen einen neuen.',
  'verifyFailed.submit': 'Neuen Link senden',
  'verifyFailed.already': 'Bereits bestätigt? {login}',
  'reset.title': 'Neues Passwort festlegen',
  'reset.submit': 'Neues Passwort speichern',
  'reset.signsOut': 'Mit einem neuen Passwort werden Sie überall abgemeldet.',
  'resetFailed.message': 'Dieser Link zum Zurücksetzen ist ungültig oder abgelaufen.',
  'resetFailed.intro':
    'Links zum Zurücksetzen funktionieren nur einmal und laufen nach {time} ab. Eine neuere ' +
    'Anfrage ersetzt außerdem ältere Links.',
  'resetFailed.newLink': 'Neuen Link anfordern',

  'error.title': 'Fehler',
  'error.wait': 'Bitte warten Sie {time}, bevor Sie es erneut versuchen.',
  'error.requestId':
    'Falls das Problem bestehen bleibt, nennen Sie uns bitte diese Anfrage-ID: {id}',
  'error.status': 'Fehler {status}',
  'error.home': 'Zur Startseite',
  'error.tryAgain': 'Bitte versuchen Sie es in einigen Augenblicken erneut.',
  'error.devOrigin':
    'Hinweis für die Entwicklung: Diese App nimmt Formulare nur von {origin} (APP_URL) an; ' +
    'öffnen Sie sie unter dieser Adresse.',
  'status.400': 'Das hat nicht geklappt',
  'status.401': 'Bitte melden Sie sich an',
  'status.403': 'Anfrage abgelehnt',
  'status.404': 'Seite nicht gefunden',
  'status.405': 'Nicht erlaubt',
  'status.413': 'Zu viele Daten',
  'status.415': 'Nicht unterstützte Anfrage',
  'status.422': 'Bitte prüfen Sie Ihre Angaben',
  'status.429': 'Zu viele Versuche',
  'status.500': 'Etwas ist schiefgelaufen',
  'status.503': 'Vorübergehend nicht verfügbar',
  'code.MALFORMED_JSON': 'Der Inhalt der Anfrage ist kein gültiges JSON.',
  'code.MALFORMED_BODY': 'Das Formular konnte nicht gelesen werden.',
  'code.EMAIL_TAKEN': 'Diese E-Mail-Adresse ist bereits registriert.',
  'code.VERIFY_TOKEN_INVALID': 'Dieser Bestätigungslink ist ungültig oder abgelaufen.',
  'code.RESET_TOKEN_INVALID': 'Dieser Link zum Zurücksetzen ist ungültig oder abgelaufen.',
  'code.PASSWORDS_DO_NOT_MATCH': 'Die Passwörter stimmen nicht überein.',
  'code.CURRENT_PASSWORD_INCORRECT': 'Das aktuelle Passwort ist falsch.',
  'code.EMAIL_CHANGE_TOKEN_INVALID':
    'Dieser Link zur Änderung der E-Mail-Adresse ist ungültig oder abgelaufen.',
  'code.SESSION_NOT_FOUND': 'Sitzung nicht gefunden.',
  'code.INVALID_CREDENTIALS': 'E-Mail-Adresse oder Passwort ist falsch.',
  'code.ACCOUNT_DEACTIVATED': 'Dieses Konto ist deaktiviert.',
  'code.EMAIL_NOT_VERIFIED': 'Bitte bestätigen Sie Ihre E-Mail-Adresse.',
  'code.UNAUTHENTICATED': 'Bitte melden Sie sich an, um fortzufahren.',
  'code.FORBIDDEN': 'Dieses Formular wurde von einer anderen Website gesendet und daher abgelehnt.',
  'code.NOT_FOUND': 'Unter dieser Adresse gibt es nichts.',
  'code.METHOD_NOT_ALLOWED': 'Diese Adresse nimmt diese Art von Anfrage nicht an.',
  'code.BODY_TOO_LARGE': 'Die Anfrage ist zu groß.',
  'code.UNSUPPORTED_MEDIA_TYPE': 'Diese Art von Anfrageinhalt wird nicht unterstützt.',
  'code.VALIDATION_FAILED': 'In der Anfrage fehlt etwas oder ist ungültig.',
  'code.RATE_LIMITED': 'Aus Ihrem Netzwerk kamen in kurzer Zeit zu viele Anfragen.',
  'code.INTERNAL': 'Bei uns ist ein unerwarteter Fehler aufgetreten. Er wurde protokolliert.',
  'code.UNAVAILABLE': 'Der Dienst ist vorübergehend nicht verfügbar.',

  'devMailbox.title': 'Entwicklungs-Postfach',
  'devMailbox.note':
    'Nur für die Entwicklung: Ohne {setting} landen E-Mails hier, statt verschickt zu werden. ' +
    'Im Produktivbetrieb gibt es diese Seite nicht.',
  'devMailbox.refresh': 'Aktualisieren',
  'devMailbox.empty': 'Noch keine E-Mails. {link}, dann erscheint hier die Bestätigungs-E-Mail.',
  'devMailbox.createAccount': 'Erstellen Sie ein Konto',
  'devMailbox.list': 'E-Mails, neueste zuerst',
  'devMailbox.to': 'An {to} · {time}',
  'devMailbox.open': '{path} öffnen',
  'devMailbox.text': 'Textfassung',

  'mail.code.label': 'Auf einem anderen Gerät? Geben Sie stattdessen diesen Code ein:',
  'mail.code.expires':
    'Der Code ist {time} lang gültig, funktioniert nur einmal und verfällt, sobald der Link ' +
    'benutzt wird.',
  'field.code': 'Code aus der E-Mail',
  'codeForm.title': 'Code aus der E-Mail eingeben',
  'codeForm.intro':
    'Haben Sie die E-Mail auf einem anderen Gerät geöffnet? Geben Sie hier ihren 8-stelligen ' +
    'Code ein.',
  'codeForm.hint': 'Etwa ABCD-2345: Groß- oder Kleinschreibung, der Bindestrich ist optional.',
  'codeForm.verifySubmit': 'E-Mail-Adresse bestätigen',
  'codeForm.resetSubmit': 'Neues Passwort festlegen',
  'codeForm.emailChangeSubmit': 'Neue E-Mail-Adresse bestätigen',
  'codeForm.invalid': 'Dieser Code ist falsch, schon benutzt oder abgelaufen.',
  'codeForm.emailChangeIntro':
    'Die E-Mail an {email} enthält einen Link und einen Code: Beides bestätigt die Änderung.',
  'mail.copyLink':
    'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
  'mail.verify.subject': 'Bestätigen Sie Ihre E-Mail-Adresse',
  'mail.verify.intro':
    'Bestätigen Sie, dass diese Adresse Ihnen gehört, um die Erstellung Ihres {app}-Kontos ' +
    'abzuschließen.',
  'mail.verify.button': 'E-Mail-Adresse bestätigen',
  'mail.verify.expires': 'Dieser Link ist {time} lang gültig.',
  'mail.verify.ignore':
    'Falls Sie kein Konto erstellt haben, können Sie diese E-Mail einfach ignorieren.',
  'mail.reset.subject': 'Setzen Sie Ihr Passwort zurück',
  'mail.reset.intro':
    'Jemand hat angefordert, das Passwort Ihres {app}-Kontos zurückzusetzen. Hier können Sie ' +
    'ein neues festlegen:',
  'mail.reset.button': 'Neues Passwort festlegen',
  'mail.reset.expires': 'Dieser Link ist {time} lang gültig und funktioniert nur einmal.',
  'mail.reset.ignore':
    'Falls Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort ' +
    'bleibt unverändert.',
  'mail.changed.subject': 'Ihr Passwort wurde geändert',
  'mail.changed.intro':
    'Das Passwort Ihres {app}-Kontos wurde soeben geändert, und alle Sitzungen wurden ' +
    'abgemeldet.',
  'mail.changed.notYou':
    'Falls Sie das selbst waren, können Sie diese E-Mail ignorieren. Falls nicht, setzen Sie ' +
    'Ihr Passwort jetzt unter {link} zurück und prüfen Sie die Sicherheit Ihres E-Mail-Postfachs.',
  'mail.emailConfirm.subject': 'Bestätigen Sie Ihre neue E-Mail-Adresse',
  'mail.emailConfirm.intro':
    'Für das {app}-Konto von {oldEmail} soll künftig diese Adresse gelten. Bitte bestätigen ' +
    'Sie das hier:',
  'mail.emailConfirm.button': 'Neue E-Mail-Adresse bestätigen',
  'mail.emailConfirm.expires': 'Dieser Link ist {time} lang gültig und funktioniert nur einmal.',
  'mail.emailConfirm.ignore':
    'Falls Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren: Es ändert ' +
    'sich nichts.',
  'mail.emailNotice.subject': 'Ihre E-Mail-Adresse wird geändert',
  'mail.emailNotice.intro':
    'In Ihrem {app}-Konto wurde beantragt, die E-Mail-Adresse in {newEmail} zu ändern. Die ' +
    'Änderung gilt erst, wenn diese Adresse sie bestätigt.',
  'mail.emailNotice.notYou':
    'Falls Sie das selbst waren, können Sie diese E-Mail ignorieren. Falls nicht, setzen Sie ' +
    'Ihr Passwort jetzt unter {link} zurück: Damit werden alle Sitzungen beendet und die ' +
    'Änderung gestoppt.',
  'mail.emailChanged.subject': 'Ihre E-Mail-Adresse wurde geändert',
  'mail.emailChanged.intro':
    'Die E-Mail-Adresse Ihres {app}-Kontos lautet jetzt {newEmail}. Mit dieser Adresse ' +
    'können Sie sich nicht mehr anmelden.',
  'mail.emailChanged.notYou':
    'Falls Sie das nicht waren, wenden Sie sich sofort an den Dienst: Jemand anderes hat ' +
    'Zugriff auf Ihr Konto.',
  'mail.deleted.subject': 'Ihr Konto wurde gelöscht',
  'mail.deleted.intro':
    'Ihr {app}-Konto und alle damit gespeicherten Daten wurden gelöscht. Sie können sich ' +
    'jederzeit wieder mit dieser Adresse registrieren.',
  'mail.deleted.notYou':
    'Falls Sie das Konto nicht selbst gelöscht haben, kannte jemand Ihr Passwort: Ändern Sie ' +
    'es überall, wo Sie es ebenfalls verwenden.',
} satisfies Catalogue
