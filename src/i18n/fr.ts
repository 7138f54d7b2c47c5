// Le catalogue français : vouvoiement, mêmes clés que le catalogue anglais.
import type { Catalogue, Plural } from './translate'

const catalogue = {
  'layout.skip': 'Aller au contenu',
  'layout.errorTitle': 'Erreur : {title}',
  'layout.nav': 'Compte',
  'layout.account': 'Compte',
  'layout.logout': 'Se déconnecter',
  'layout.login': 'Se connecter',
  'layout.signup': 'Créer un compte',
  'layout.language': 'Langue :',

  'form.errorPrefix': 'Erreur :',
  'form.checkForm': 'Veuillez vérifier le formulaire.',
  'form.summaryLine': '{label} : {error}',
  'field.currentPassword': 'Mot de passe actuel',
  'field.newEmail': 'Nouvelle adresse e-mail',
  'accountPassword.title': 'Changer votre mot de passe',
  'accountPassword.submit': 'Changer le mot de passe',
  'accountEmail.title': 'Changer votre adresse e-mail',
  'accountEmail.intro':
    'Nous envoyons un lien à la nouvelle adresse ; le changement a lieu quand vous l’ouvrez.',
  'accountEmail.submit': 'Envoyer le lien',
  'accountDelete.title': 'Supprimer votre compte',
  'accountDelete.intro':
    'Cela supprime votre compte, vous déconnecte partout et retire votre changement d’adresse en ' +
    'attente et les e-mails non envoyés. C’est définitif.',
  'accountDelete.submit': 'Supprimer mon compte',
  'sessions.title': 'Où vous êtes connecté',
  'sessions.current': 'Cet appareil',
  'sessions.signOut': 'Se déconnecter',
  'sessions.signOutOthers': 'Se déconnecter partout ailleurs',
  'sessions.place': 'Lieu (adresse IP)',
  'sessions.created': 'Connexion',
  'sessions.lastSeen': 'Dernière activité',
  'sessions.none': 'Vous n’êtes connecté que sur cet appareil.',
  'notice.sessionRevoked': 'Cette session a été déconnectée.',
  'notice.sessionsRevoked': 'Vous avez été déconnecté partout ailleurs.',
  'notice.emailChanged':
    'Votre adresse e-mail a été modifiée. Désormais, connectez-vous avec {email}.',
  'account.pendingEmail': 'En attente de confirmation',
  'account.pendingEmailHint':
    'Ouvrez le lien envoyé à cette adresse pour terminer la modification.',
  'emailChanged.title': 'Adresse e-mail modifiée',
  'emailChanged.pending':
    'Ouvrez le lien de l’e-mail envoyé à votre nouvelle adresse pour la modifier.',
  'emailChanged.account': 'Aller à votre compte',
  'accountForm.tooMany':
    'Trop de mots de passe erronés. Veuillez patienter {time} ou réinitialiser votre mot de ' +
    'passe par e-mail.',
  'notice.passwordChanged':
    'Votre mot de passe a été changé. Vous avez été déconnecté partout ailleurs.',
  'notice.emailChangeRequested':
    'Consultez votre nouvelle boîte de réception pour confirmer le changement.',
  'notice.accountDeleted': 'Votre compte a été supprimé.',
  'field.email': 'Adresse e-mail',
  'field.password': 'Mot de passe',
  'field.newPassword': 'Nouveau mot de passe',
  'field.confirmNewPassword': 'Confirmez le nouveau mot de passe',
  'password.hint':
    'Au moins {min} caractères. Les longues phrases de passe sont les bienvenues ; les mots ' +
    'de passe très courants, les caractères répétés ou consécutifs, votre adresse e-mail et ' +
    'le nom du site sont refusés.',

  'issue.required': 'Ce champ est obligatoire.',
  'issue.string': 'Veuillez saisir un texte.',
  'issue.email': 'Veuillez saisir une adresse e-mail valide, par exemple nom@example.com.',
  'issue.emailTooLong': "L'adresse e-mail ne peut pas dépasser 254 caractères.",
  'issue.tooLong': 'La saisie est trop longue.',
  'issue.passwordTooShort': 'Le mot de passe doit comporter au moins {min} caractères.',
  'issue.passwordTooLong': 'Le mot de passe ne peut pas dépasser {max} caractères.',
  'issue.passwordInvalidText':
    'Le mot de passe contient des caractères qui ne forment pas un texte valide (un ' +
    'demi-codet isolé ou un octet illisible).',
  'issue.passwordControl': 'Le mot de passe ne doit pas contenir de caractères de contrôle.',
  'issue.passwordFewDistinct':
    'Le mot de passe doit contenir au moins {min} caractères différents (les espaces et les ' +
    'caractères invisibles ne comptent pas).',
  'issue.passwordRepeated':
    "Le mot de passe ne doit pas être la répétition d'un caractère ou d'un court groupe de " +
    'caractères.',
  'issue.passwordRun':
    'Le mot de passe ne doit pas être une suite de caractères consécutifs comme abcdef, ' +
    '123456 ou 987654.',
  'issue.passwordCommon': 'Ce mot de passe est trop courant ; veuillez en choisir un autre.',
  'issue.passwordEmail': 'Le mot de passe ne doit pas contenir votre adresse e-mail.',
  'issue.passwordAppName': 'Le mot de passe ne doit pas contenir le nom {name}.',
  'issue.passwordsDiffer': 'Les mots de passe ne correspondent pas.',

  // A no-break space keeps the number with its unit.
  'unit.seconds': { one: '{count}\u00a0seconde', other: '{count}\u00a0secondes' },
  'unit.hours': { one: '{count}\u00a0heure', other: '{count}\u00a0heures' },

  'home.welcomeBack': 'Bon retour parmi nous',
  'home.welcome': 'Bienvenue sur {app}',
  'home.signedInAs': 'Vous êtes connecté en tant que {email}.',
  'home.goToAccount': 'Accéder à votre compte',
  'home.lead':
    'Inscrivez-vous avec votre adresse e-mail, confirmez-la, puis connectez-vous. ' +
    "Rien d'autre n'est nécessaire.",
  'home.createAccount': 'Créer un compte',
  'home.login': 'Se connecter',
  'account.title': 'Votre compte',
  'account.email': 'Adresse e-mail',
  'account.verified': 'Adresse e-mail confirmée',
  'account.verifiedYes': 'Confirmée',
  'account.verifiedNo': 'Pas encore',
  'account.signedInSince': 'Connecté depuis le',
  'account.confirmPlease':
    'Veuillez confirmer votre adresse e-mail : ouvrez le lien que nous vous avons envoyé.',
  'account.resend': "Renvoyer l'e-mail de confirmation",
  'account.logout': 'Se déconnecter',
  'account.resetHint': 'Mot de passe oublié ou envie d’en changer ? {link}.',
  'account.resetLink': 'Le réinitialiser par e-mail',

  'register.title': 'Créer votre compte',
  'register.submit': 'Créer le compte',
  'register.haveAccount': 'Vous avez déjà un compte ? {login} · {forgot}',
  'register.emailTaken':
    'Cette adresse e-mail est déjà enregistrée. Connectez-vous, ou réinitialisez votre mot ' +
    "de passe si vous l'avez oublié.",
  'auth.login': 'Se connecter',
  'auth.forgot': 'Mot de passe oublié ?',
  'auth.createAccount': 'Créer un compte',
  'auth.backToLogin': 'Retour à la connexion',
  'login.title': 'Connexion',
  'login.submit': 'Se connecter',
  'login.newHere': '{forgot} · Nouveau ici ? {register}',
  'login.noMail': "Vous n'avez pas reçu l'e-mail de confirmation ?",
  'login.sendAgain': 'Le renvoyer',
  'login.incorrect': 'Adresse e-mail ou mot de passe incorrect.',
  'login.deactivated': 'Ce compte est désactivé.',
  'login.unverified':
    'Veuillez confirmer votre adresse e-mail. Le lien se trouve dans votre boîte de ' +
    'réception ; vous pouvez aussi en demander un nouveau ci-dessous.',
  'login.tooMany':
    'Trop de tentatives échouées. Veuillez patienter {time} ou réinitialiser votre mot de passe.',
  'forgot.title': 'Mot de passe oublié ?',
  'forgot.intro':
    "Saisissez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir " +
    'un nouveau mot de passe.',
  'forgot.submit': 'Envoyer le lien',
  'resend.title': "Renvoyer l'e-mail de confirmation",
  'resend.submit': 'Le renvoyer',

  'inbox.title': 'Consultez votre boîte de réception',
  'inbox.devMailbox': 'Ouvrir la boîte de développement',
  'inbox.goToLogin': 'Aller à la connexion',
  'inbox.lookIn': 'Consultez la boîte de réception de {email}.',
  'registered.unknown':
    "Si vous venez de créer un compte, un lien de confirmation est en route vers l'adresse " +
    'saisie.',
  'registered.sent': 'Nous avons envoyé un lien de confirmation à {email}.',
  'registered.pending':
    "Votre compte est créé. L'e-mail de confirmation est en route ; cela peut prendre " +
    'quelques minutes.',
  'registered.detail':
    "Ouvrez le lien de l'e-mail pour confirmer votre adresse, puis connectez-vous. Le lien " +
    'est valable {time}.',
  'resent.message':
    "Si le compte existe et n'est pas encore confirmé, un nouvel e-mail de confirmation a " +
    'été envoyé.',
  'resent.detail': 'Le nouveau lien est valable {time}.',
  'resetRequested.message':
    "Si l'adresse e-mail est enregistrée, un lien de réinitialisation a été envoyé.",
  'resetRequested.detail': "Le lien est valable {time} et ne fonctionne qu'une fois.",
  'verified.title': 'Adresse e-mail confirmée',
  'verified.done': 'Votre adresse e-mail a bien été confirmée.',
  'verified.already': 'Votre adresse e-mail est déjà confirmée.',
  'verified.pendingTitle': 'Confirmez votre adresse e-mail',
  'verified.pending':
    'Ouvrez le lien de votre e-mail de confirmation et cliquez sur son bouton pour ' +
    'confirmer votre adresse.',
  'verified.alreadyHint': 'Déjà confirmée ? Connectez-vous.',
  'resetDone.title': 'Mot de passe modifié',
  'resetDone.done':
    'Votre mot de passe a été réinitialisé. Toutes les autres sessions ont été fermées.',
  'resetDone.login': 'Se connecter avec le nouveau mot de passe',
  'resetDone.pendingTitle': 'Choisir un nouveau mot de passe',
  'resetDone.pending':
    'Pour choisir un nouveau mot de passe, ouvrez le lien de votre e-mail de réinitialisation.',
  'resetDone.pendingHint':
    "Si vous venez d'en choisir un, il est déjà en vigueur : connectez-vous avec.",
  'resetDone.askLink': 'Demander un lien de réinitialisation',

  'emailChange.title': 'Confirmez votre nouvelle adresse e-mail',
  'emailChange.intro':
    'Encore une étape : cliquez sur le bouton pour passer votre compte à cette adresse.',
  'emailChange.submit': 'Confirmer la nouvelle adresse',
  'verify.title': 'Confirmez votre adresse e-mail',
  'verify.intro': 'Encore une étape : cliquez sur le bouton pour confirmer cette adresse e-mail.',
  'verify.submit': 'Confirmer mon adresse e-mail',
  'verify.noChange':
    "L'ouverture du lien n'a rien modifié : rien ne se passe tant que vous n'avez pas " +
    'cliqué sur le bouton.',
  'linkFailed.title': 'Ce lien ne fonctionne plus',
  'verifyFailed.message': 'Ce lien de confirmation est invalide ou a expiré.',
  'verifyFailed.intro':
    'Les liens de confirmation sont valables {time}. Saisissez votre adresse e-mail et nous ' +
    'vous en enverrons un nouveau.',
  'verifyFailed.submit': 'Envoyer un nouveau lien',
  'verifyFailed.already': 'Déjà confirmée ? {login}',
  'reset.title': 'Choisir un nouveau mot de passe',
  'reset.submit': 'Enregistrer le nouveau mot de passe',
  'reset.signsOut': 'Un nouveau mot de passe vous déconnecte partout.',
  'resetFailed.message': 'Ce lien de réinitialisation est invalide ou a expiré.',
  'resetFailed.intro':
    "Les liens de réinitialisation ne fonctionnent qu'une fois et expirent au bout de " +
    '{time}. Une demande plus récente remplace aussi les liens précédents.',
  'resetFailed.newLink': 'Demander un nouveau lien',

  'error.title': 'Erreur',
  'error.wait': 'Veuillez patienter {time} avant de réessayer.',
  'error.requestId': 'Si le problème persiste, communiquez-nous cet identifiant de requête : {id}',
  'error.status': 'Erreur {status}',
  'error.home': "Aller à la page d'accueil",
  'error.tryAgain': 'Veuillez réessayer dans quelques instants.',
  'error.devOrigin':
    "Conseil de développement : cette application n'accepte que les formulaires venant de " +
    '{origin} (APP_URL) ; ouvrez-la à cette adresse.',
  'status.400': "Cela n'a pas fonctionné",
  'status.401': 'Veuillez vous connecter',
  'status.403': 'Requête refusée',
  'status.404': 'Page introuvable',
  'status.405': 'Non autorisé',
  'status.413': 'Trop de données',
  'status.415': 'Requête non prise en charge',
  'status.422': 'Veuillez vérifier le formulaire',
  'status.429': 'Trop de tentatives',
  'status.500': "Une erreur s'est produite",
  'status.503': 'Temporairement indisponible',
  'code.MALFORMED_JSON': "Le corps de la requête n'est pas du JSON valide.",
  'code.MALFORMED_BODY': "Le formulaire n'a pas pu être lu.",
  'code.EMAIL_TAKEN': 'Cette adresse e-mail est déjà enregistrée.',
  'code.VERIFY_TOKEN_INVALID': 'Ce lien de confirmation est invalide ou a expiré.',
  'code.RESET_TOKEN_INVALID': 'Ce lien de réinitialisation est invalide ou a expiré.',
  'code.PASSWORDS_DO_NOT_MATCH': 'Les mots de passe ne correspondent pas.',
  'code.CURRENT_PASSWORD_INCORRECT': 'Le mot de passe actuel est incorrect.',
  'code.EMAIL_CHANGE_TOKEN_INVALID':
    'Ce lien de changement d’adresse e-mail est invalide ou a expiré.',
  'code.SESSION_NOT_FOUND': 'Session introuvable.',
  'code.INVALID_CREDENTIALS': 'Adresse e-mail ou mot de passe incorrect.',
  'code.ACCOUNT_DEACTIVATED': 'Ce compte est désactivé.',
  'code.EMAIL_NOT_VERIFIED': 'Veuillez confirmer votre adresse e-mail.',
  'code.UNAUTHENTICATED': 'Veuillez vous connecter pour continuer.',
  'code.FORBIDDEN': 'Ce formulaire a été envoyé depuis un autre site ; il a donc été refusé.',
  'code.NOT_FOUND': "Il n'y a rien à cette adresse.",
  'code.METHOD_NOT_ALLOWED': "Cette adresse n'accepte pas ce type de requête.",
  'code.BODY_TOO_LARGE': 'La requête est trop volumineuse.',
  'code.UNSUPPORTED_MEDIA_TYPE': "Ce type de contenu de requête n'est pas pris en charge.",
  'code.VALIDATION_FAILED': 'Un élément de la requête manque ou est invalide.',
  'code.RATE_LIMITED': 'Trop de requêtes sont venues de votre réseau en peu de temps.',
  'code.INTERNAL': "Une erreur inattendue s'est produite de notre côté. Elle a été enregistrée.",
  'code.UNAVAILABLE': 'Le service est temporairement indisponible.',

  'devMailbox.title': 'Boîte de développement',
  'devMailbox.note':
    'Uniquement en développement : sans {setting}, les e-mails arrivent ici au lieu ' +
    "d'être envoyés. Cette page n'existe pas en production.",
  'devMailbox.refresh': 'Actualiser',
  'devMailbox.empty':
    "Aucun e-mail pour l'instant. {link} : son e-mail de confirmation apparaîtra ici.",
  'devMailbox.createAccount': 'Créez un compte',
  'devMailbox.list': 'E-mails, du plus récent au plus ancien',
  'devMailbox.to': 'À {to} · {time}',
  'devMailbox.open': 'Ouvrir {path}',
  'devMailbox.text': 'Version texte',

  'mail.code.label': 'Sur un autre appareil ? Saisissez plutôt ce code :',
  'mail.code.expires':
    "Le code est valable {time}, ne fonctionne qu'une fois et cesse de fonctionner dès que le " +
    'lien est utilisé.',
  'field.code': 'Code reçu par e-mail',
  'codeForm.title': "Saisir le code de l'e-mail",
  'codeForm.intro':
    "Vous avez ouvert l'e-mail sur un autre appareil ? Saisissez ici son code de 8 caractères.",
  'codeForm.hint': 'Par exemple ABCD-2345 : majuscules ou minuscules, le tiret est facultatif.',
  'codeForm.verifySubmit': 'Confirmer mon adresse e-mail',
  'codeForm.resetSubmit': 'Enregistrer le nouveau mot de passe',
  'codeForm.emailChangeSubmit': 'Confirmer ma nouvelle adresse',
  'codeForm.invalid': 'Ce code est erroné, déjà utilisé ou expiré.',
  'codeForm.emailChangeIntro':
    "L'e-mail envoyé à {email} contient un lien et un code : l'un ou l'autre confirme le " +
    'changement.',
  'mail.copyLink': 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
  'mail.verify.subject': 'Confirmez votre adresse e-mail',
  'mail.verify.intro':
    'Confirmez que cette adresse vous appartient pour terminer la création de votre compte ' +
    '{app}.',
  'mail.verify.button': 'Confirmer mon adresse e-mail',
  'mail.verify.expires': 'Ce lien est valable {time}.',
  'mail.verify.ignore': "Si vous n'avez pas créé de compte, vous pouvez ignorer cet e-mail.",
  'mail.reset.subject': 'Réinitialisez votre mot de passe',
  'mail.reset.intro':
    'Quelqu’un a demandé la réinitialisation du mot de passe de votre compte {app}. ' +
    'Choisissez-en un nouveau ici :',
  'mail.reset.button': 'Choisir un nouveau mot de passe',
  'mail.reset.expires': "Ce lien est valable {time} et ne fonctionne qu'une fois.",
  'mail.reset.ignore':
    "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer cet e-mail : votre " +
    'mot de passe reste inchangé.',
  'mail.changed.subject': 'Votre mot de passe a été modifié',
  'mail.changed.intro':
    'Le mot de passe de votre compte {app} vient d’être modifié, et toutes les sessions ont ' +
    'été fermées.',
  'mail.changed.notYou':
    "Si c'était vous, vous pouvez ignorer cet e-mail. Sinon, réinitialisez dès maintenant " +
    'votre mot de passe sur {link} et vérifiez la sécurité de votre messagerie.',
  'mail.emailConfirm.subject': 'Confirmez votre nouvelle adresse e-mail',
  'mail.emailConfirm.intro':
    'Une demande a été faite pour utiliser cette adresse pour le compte {app} de {oldEmail}. ' +
    'Confirmez-la ici :',
  'mail.emailConfirm.button': 'Confirmer ma nouvelle adresse',
  'mail.emailConfirm.expires': "Ce lien est valable {time} et ne fonctionne qu'une fois.",
  'mail.emailConfirm.ignore':
    "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer cet e-mail : rien " +
    'ne change.',
  'mail.emailNotice.subject': 'Votre adresse e-mail est en cours de modification',
  'mail.emailNotice.intro':
    'Une personne connectée à votre compte {app} a demandé à remplacer son adresse e-mail ' +
    'par {newEmail}. Le changement n’aura lieu qu’une fois cette adresse confirmée.',
  'mail.emailNotice.notYou':
    "Si c'était vous, vous pouvez ignorer cet e-mail. Sinon, réinitialisez dès maintenant " +
    'votre mot de passe sur {link} : cela ferme toutes les sessions et arrête le changement.',
  'mail.emailChanged.subject': 'Votre adresse e-mail a été modifiée',
  'mail.emailChanged.intro':
    "L'adresse e-mail de votre compte {app} est désormais {newEmail}. Cette adresse ne permet " +
    'plus de vous connecter.',
  'mail.emailChanged.notYou':
    "Si ce n'était pas vous, contactez le service sans attendre : quelqu'un contrôle votre compte.",
  'mail.deleted.subject': 'Votre compte a été supprimé',
  'mail.deleted.intro':
    'Votre compte {app} et toutes les données qui y étaient liées ont été supprimés. Vous ' +
    'pouvez vous réinscrire avec cette adresse à tout moment.',
  'mail.deleted.notYou':
    "Si vous ne l'avez pas supprimé vous-même, quelqu'un connaissait votre mot de passe : " +
    "changez-le partout où vous l'avez réutilisé.",
} satisfies Catalogue

/** French sets a narrow no-break space before : ; ? ! (written as plain spaces above). */
const spaced = (text: string) => text.replace(/ (?=[:;?!](\s|$))/g, '\u202f')

export const fr = Object.fromEntries(
  Object.entries(catalogue).map(([key, value]) => [
    key,
    typeof value === 'string'
      ? spaced(value)
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spaced(v)])),
  ]),
) as { [K in keyof typeof catalogue]: (typeof catalogue)[K] extends string ? string : Plural }
