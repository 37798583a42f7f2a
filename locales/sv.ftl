## Vaihde's words in Swedish. The window and the CLI both read this file.

## The window

stateIn = på plats
stateAway = borta
stateBusy = upptagen
stateTentative = kanske borta
stateOutsideHours = utanför öppettid
stateLeft = har slutat
stateOutsider = inte anställd
reasonHoliday = semester
reasonSick = sjuk
reasonOutOfOffice = inte på kontoret
reasonTraining = utbildning
reasonMeeting = möte
reasonTentative = preliminärt
reasonOther = annat
transferTo = Koppla till
enterCopies = Enter kopierar
enterPutsThrough = Enter kopplar
chain = Vem ersätter
awayNow = Borta nu
feeds = Kalendrar
incoming = Samtal till
caller = från
withheld = dolt nummer
lastSync = senast läst
neverSynced = aldrig läst
unmatched = okänd person
search = Sök namn, roll, ämne eller nummer
allCompanies = Alla företag
thisCompany = Detta företag
open = öppet
closed = stängt
noResults = Ingen hittades
# Nobody in the call's company, some in others: which, and how many.
foundElsewhere = Ingen hittades hos { $company }. Finns hos { $places }
# The window's way to search them all, after foundElsewhere.
foundElsewhereSlash = tryck / för att söka i alla företag
# The CLI's, after foundElsewhere.
cliFoundElsewhereAll = lägg till --all för att söka i alla
# A covering chain's step, in words as well as by strike-through and bold.
stepSkipped = överhoppad
stepChosen = samtalet hit
# The results' number, said by a screen reader once typing pauses.
resultsCount = { $count ->
    [one] Ett resultat
   *[other] { $count } resultat
}
# Ctrl+I with no card on screen.
cardNothingToRead = Inget kort att läsa
former = har slutat
outsider = inte anställd
callsTo = Samtal går till
coveredBy = Ersättare
roles = Roller
topics = Ämnen
away = Borta
notes = Anteckningar
changes = Ändringar de senaste 30 dagarna
pickCompany = Byt företag: skriv ett namn
keysHelp = ↑/↓ flytta · { $enter } · Esc töm · / (i en tom ruta) alla företag · PgUp/PgDn rulla kortet · F6 sidopanelen och tillbaka · Ctrl+K företag · Ctrl+1…9 favoriter · F3 favorit på/av · Ctrl+M markera borta · F2 redigera · Ctrl+N ny person · Ctrl+L slutat · Ctrl+D ersättare · Ctrl+J anteckning · F7 ta ett meddelande · F8 meddelanden och återuppringningar · F9 samtal besvarat · F10 ett samtal för hand · F12 siffror · Ctrl+O logga in · F5 synka · F4 språk · Ctrl+, telefonlinje · Ctrl+I läs kortet · Ctrl+Shift+C hög kontrast · Ctrl+S nästa samtalsmanus · Ctrl+Shift+S redigera samtalsmanus · F1 tangenter
scriptHead = Samtalsmanus
scriptUrgent = brådskande
scriptRequired = obligatorisk
scriptGoesTo = Går till: { $where }
scriptOnCall = den som har jour
scriptMore = Ctrl+S nästa manus ({ $n }/{ $count })
scriptShown = Samtalsmanus: { $name }
contrastOn = Hög kontrast på
contrastOff = Hög kontrast av
markAway = Markera som borta
backOn = Tillbaka (27.11., 27.11. kl 14, imorgon, fredag, +3)
untilHelp = Enter sparar · Esc avbryter
reasonOptional = Orsak (valfritt)
keysTitle = Tangentbord
languages = Språk
copied = Kopierat
editPerson = Redigera person
newPerson = Ny person
givenName = Förnamn
familyName = Efternamn
titleField = Titel
department = Avdelning
aliases = Kallas också (kommaseparerat)
topicsField = Sköter (ämnen, kommaseparerat)
emails = E-postadresser
extension = Anknytning
direct = Direktnummer
mobile = Mobil
notesField = Anteckningar
outsiderBox = Inte anställd (en utomstående som ofta efterfrågas)
saveHelp = Enter sparar · Esc avbryter · Tab nästa fält
markLeft = Har slutat
lastDay = Sista dag (30.11., idag, fredag)
reason = Orsak
callsToPerson = Samtal går till en kollega: skriv ett namn
callsToText = …eller vad uppringaren ska få veta
delegatesTitle = Vem ersätter, i ordning
delegatesHelp = Skriv ett namn, Enter lägger till · Delete tar bort den sista · Enter på tom rad sparar · Esc avbryter
addNote = Lägg till anteckning
firstRunTitle = Välkommen till Vaihde
firstRunIntro = Katalogen är tom. Hur vill du börja?
tryDemo = Prova demon
tryDemoHelp = Tre påhittade företag i en egen katalog ({ $dir }): din katalog förblir tom.
startWithFile = Börja med en personalfil
startWithFileHelp = Det första kundföretagets personal som CSV-, Excel- (.xlsx) eller vCard-fil. Fler företag och filer senare med vaihde import.
refuseNotATeamAddress = En teamdatabas adress börjar med postgres:// (be den som sköter den om hela adressen)
refuseTeamUnreachable = Teamdatabasen kunde inte öppnas: { $detail }. Kontrollera adressen, nätverket och lösenordet och försök igen
joinTeam = Anslut till en teamdatabas
joinTeamHelp = Ett team av arbetsplatser delar en katalog i PostgreSQL: klistra in dess adress (postgres://användare@server/databas?sslmode=require). Den här arbetsplatsen kommer ihåg den; kommandoraden här använder den också.
joinTeamField = Teamdatabasens adress
joinTeamButton = Anslut
companyNameField = Företagets namn
languageField = Språk som uppringare hälsas på
timezoneField = Tidszon
staffFileField = Personalfil (välj en, eller skriv sökvägen)
importStart = Importera och börja
syncNow = Synka nu
syncing = Synkar
syncFailed = misslyckades
syncRoundFailed = Kalendersynkroniseringen kunde inte köras ({ $detail }); den försöker igen själv, F5 försöker nu. Statusar från kalendrar kan vara inaktuella.
syncStopped = Kalendersynkroniseringen har stannat ({ $detail }): starta om Vaihde. Tills dess uppdateras inte statusar från kalendrar.
syncFeedsFailed = { $count ->
    [one] En kalender kunde inte läsas
   *[other] { $count } kalendrar kunde inte läsas
}: kalenderpanelen säger varför.
refuseTeamAway = Teamdatabasen kan inte nås, så inget kan ändras nu; inget sparades. Vaihde ansluter igen av sig själv: försök igen när meddelandet har försvunnit.
teamAwayCopy = Teamdatabasen kan inte nås (sedan { $since }). Den här arbetsplatsen visar sin egen kopia från { $copied }: sökning och kort fungerar, ändringar väntar tills den är tillbaka. Vaihde ansluter igen av sig själv.
teamAwayNoCopy = Teamdatabasen kan inte nås (sedan { $since }), och den här arbetsplatsen har ingen kopia av den än: sökningen fungerar ur minnet, kort kan inte öppnas. Vaihde ansluter igen av sig själv.
syncByOtherDesk = Teamets kalendrar hämtas av { $desk }: den var mitt i sin hämtning, så den här arbetsplatsen lät bli. Resultaten syns här när de kommer.
anotherDesk = en annan arbetsplats
language = Språk
saved = Sparat
feedNotes = anmärkningar
nothingToTransfer = Ingen att koppla till: ta ett meddelande. Inget kopierades.
nothingSelected = Ingen vald: inget kopierades.
nothingShown = Kortet byts fortfarande: inget kopierades. Tryck Enter igen.
copyFailed = Urklippet tog inte emot numret: slå det själv
notThisCall = inte företaget för det här samtalet
otherCompany = annat företag
role = roll
topic = ämne
handledBy = Vem sköter det, i ordning
timeForms = Skriv ett datum eller en tid så här: 27.11., 27.11. 14.00, kl 14, imorgon, fredag eller +3 (dagar från i dag).
oldNumbers = Gamla nummer, används inte längre: koppla inte
leftOn = Har slutat på företaget
suggestion = nämner bara ett namn
suggestionKeys = F6, sedan Enter: det är hen · Delete: det är inte hen
nowNames = markerar nu som borta
noLongerNames = markerar inte längre som borta
confirmed = Bekräftat
dismissed = Avfärdat
formKeys = I ett formulär: Enter sparar · Esc avbryter · Tab / Shift+Tab flyttar mellan fälten
pickHelp = Enter byter · Esc avbryter
closeHelp = Esc stänger
error = Fel

## Datum och tider (variablerna: se en.ftl)

weekdayShort = { $weekday ->
    [mon] mån
    [tue] tis
    [wed] ons
    [thu] tors
    [fri] fre
    [sat] lör
   *[sun] sön
}
monthShort = { $monthname ->
    [jan] jan
    [feb] feb
    [mar] mars
    [apr] apr
    [may] maj
    [jun] juni
    [jul] juli
    [aug] aug
    [sep] sep
    [oct] okt
    [nov] nov
   *[dec] dec
}
moment = { weekdayShort } { $day }.{ $month }. kl. { $hour2 }.{ $minute }
day = { weekdayShort } { $day }.{ $month }.
date = { $day }.{ $month }.{ $year }
clock = { $hour2 }.{ $minute }

## Status

withReason = { $state } ({ $reason })
chipBack = { $status } · tillbaka { $when }
chipOpens = { $status } · öppnar { $when }
callsGoThrough = samtal kopplas fram

## Vem som sköter: hur kedjan gick

viaAskedFor = efterfrågad
viaDelegateOf = ersättare för { $name }
viaRole = roll { $name }
viaTopic = ämne { $name }
viaCallsOf = samtal till { $name }
viaOnCall = har jour ({ $name })
onCallNow = Har jour nu: { $name } till { $until }
onCallNext = sedan { $name } från { $from }
onCallNobodyNow = Jourkalendern { $rota } anger ingen just nu: fråga kunden vem som har jour
onCallEndsSoon = Jourkalendern { $rota } tar slut { $when }: be kunden om nästa pass
skipNoNumber = inget nummer att koppla till
skipOnThePhone = i ett annat samtal: kopplingen skulle inte besvaras
whyTakesCalls = { $name } tar samtal nu
whyCovering = { $name } ({ $via }) tar samtal nu
whyRedirected = dit den här personens samtal går nu
whyNobody = ingen i kedjan kan ta samtalet
noteLeft = Slutade { $date }; samtal går till { $callsTo }
noteNotEmployee = Inte anställd; samtal går till { $callsTo }
callsToRole = roll { $name }
callsToRemovedPerson = person #{ $id } (borttagen)
callsToRemovedRole = roll #{ $id } (borttagen)
phoneExtension = anknytning
phoneDirect = direktnummer
phoneMobile = mobil
phoneOther = annat nummer
emailLabel = e-post

## En kalender vars senaste läsning misslyckades

calendarFailing = Kalender { $name }: { $problem } ({ $last })
lastSyncAt = senast läst { $when }

## Vad man kan säga till den som ringer (på företagets språk)

callerLeft = { $name } arbetar inte längre hos oss.
callerClosed = Vi har öppet igen { $back }.
callerAwayUntil = { $name } { callerWhy } och är tillbaka { $back }.
callerAway = { $name } { callerWhy }.
callerWhy = { $why ->
    [busy] sitter i möte
    [holiday] har semester
    [sick] är borta i dag
    [training] är på utbildning
    [phone] talar i telefon just nu
   *[other] är inte anträffbar
}
callerTakenOver = { $colleague } har tagit över ärendena – får jag koppla dig?
callerCovering = { $colleague } sköter ärendena under tiden – får jag koppla dig?
callerMessage = Kan jag ta ett meddelande?

## Fel, efter slag; detaljerna följer

errorNotFound = Hittades inte
errorAmbiguous = Flera träffar
errorInvalid = Kan inte sparas
errorInvalidTime = Datumet eller tiden kunde inte läsas
errorStore = Katalogen kunde inte läsas eller skrivas
errorCorrupt = De sparade uppgifterna är skadade
errorBadRequest = Fönstret bad om något som kärnan inte känner till
errorInternal = Något gick fel mellan fönstret och kärnan
errorSync = Kalenderläsningen misslyckades

## Vad som gick fel med en kalender

problemNotPublic = kalendern är inte längre offentlig (servern nekade åtkomst, HTTP { $status }): publicera den igen eller uppdatera adressen
problemGone = ingen kalender på adressen längre (HTTP { $status }): den kan ha avpublicerats eller flyttats
problemSlowDown = kalenderservern ber oss sakta ner (HTTP 429); Vaihde försöker igen senare
problemServerTrouble = kalenderservern har ett problem (HTTP { $status }); Vaihde försöker igen
problemUnexpectedStatus = kalenderservern svarade HTTP { $status } i stället för kalendern
problemTimeout = kalenderservern svarade inte i tid; Vaihde försöker igen
problemRedirectLoop = adressen omdirigerar för många gånger (en slinga): kontrollera adressen
problemTls = en säker anslutning till kalenderservern kunde inte upprättas (certifikat- eller TLS-problem)
problemNameNotFound = kalenderserverns namn hittades inte: kontrollera adressen
problemUnreachable = kalenderservern kunde inte nås; Vaihde försöker igen
problemDownloadFailed = kalendern kunde inte hämtas; Vaihde försöker igen
problemTooLarge = kalendern är större än { $megabytes } MB: är adressen rätt?
problemBadAddress = bara http-, https-, webcal- och file-adresser läses: kontrollera adressen
problemFileUnreadable = kalenderfilen kan inte läsas: { $detail }
problemUnreadable = kalendern kan inte läsas: { $detail }
problemForeign = { $detail }

## The CLI

cliSay = Säg
cliNote = Obs
cliNoOneToTransfer = Ingen att koppla till
cliNoFallback = Ingen att koppla till, och företaget har ingen reservinstruktion
cliHintCompanies = `vaihde company list` visar dem
cliHintRoles = `vaihde role list` visar dem
cliHintFeeds = `vaihde feed list` visar dem
cliAdded = Tillagd { $name } (#{ $id }) i { $company }
cliUpdated = { $name } uppdaterad
cliUnchanged = { $name } oförändrad
cliMarkedLeft = { $name } markerad som slutat { $date }
cliCoveredBy = Ersättare
cliAway = Borta
cliNoDelegates = inga ersättare
cliRole = roll
cliNoGreeting = ingen hälsning angiven
cliNoCompanyAnswers = Inget företag svarar på { $number }: kontrollera numren med `vaihde company list`
cliCaller = Uppringare
cliNumberWithheld = dolt nummer
cliNotInDirectory = { $number }, finns inte i katalogen
cliAbsenceRemoved = Frånvaro #{ $id } borttagen
cliFeedAdded = Kalender #{ $id } ({ $address }) tillagd för { $company }; läs den med `vaihde sync`
cliNever = aldrig
cliFeedPerson = personens
cliFeedShared = delad
cliFeedSummary = senast läst { $last }, { $absences } frånvaron
cliUnmatched = okänd (rad { $line }): { $summary }
cliConfirmed = bekräftat: { $name }, som är borta under den
cliDismissed = gäller inte { $name }; senare synkroniseringar lämnar den okänd
cliFeedRemoved = Kalender #{ $id } borttagen
cliSynced = { $absences } frånvaron, { $unmatched } okända
cliSyncUnchanged = oförändrad
cliSyncFailed = MISSLYCKADES: { $problem } (senaste goda data behålls)
cliWarning = varning
cliFeedsFailed = { $failed } av { $total } kalendrar misslyckades
cliAnotherDesk = en annan arbetsplats
cliSyncByOtherDesk = { $desk } hämtar teamets kalendrar just nu; resultatet når alla arbetsplatser när det är klart. Inget hämtades två gånger.
cliSyncNothingDue = Inget behövde hämtas: varje kalender har hämtats inom intervallet (av den här eller en annan arbetsplats)
cliStaffFeedAdded = Personalkälla #{ $id } ({ $address }) tillagd för { $company }; läs den med `vaihde sync`. Den tar aldrig bort någon: de som den slutar lista flaggas åt dig.
cliStaffFeedRemoved = Personalkälla #{ $id } borttagen; personerna den förde in stannar
cliFeedStaff = personal
cliStaffFeedSummary = senast läst { $last }, { $listed ->
    [one] en person
   *[other] { $listed } personer
}
cliStaffSynced = { $listed } listade: { $added } nya, { $updated } uppdaterade, { $gone } inte längre med
cliStaffGone = { $name }: inte längre med i { $source } sedan { $since } — har { $name } slutat? `vaihde person leave`
cliStaffBack = { $name }: med igen i { $source }
cliStaffFeedsFailed = { $failed } av { $total } personalkällor misslyckades
cliTeamNeedsDatabase = Vilken teamdatabas? Ange den med --database postgres://användare@server/databas (eller VAIHDE_DATABASE_URL)
cliTeamNoLocal = Det finns ingen katalog i { $dir } att kopiera: ange arbetsplatsens egen med --data-dir
cliTeamNotEmpty = Teamdatabasen { $database } har redan en katalog ({ $companies } företag, { $people } personer): --from-local kopierar bara till en tom. Inget kopierades.
cliTeamCopyFailed = Kopieringen blev inte klar ({ $detail }); inget kopierades, teamdatabasen är som förut
cliTeamCopied = Kopierade { $companies } företag, { $people } personer och { $changes } ändringar ({ $tables } tabeller, var och en räknad på båda sidor) i en transaktion
cliTeamReady = Teamdatabasen { $database } är klar ({ $companies } företag, { $people } personer). Varje arbetsplats ansluter med: vaihde --database <samma adress>, eller VAIHDE_DATABASE_URL i sin miljö
cliTeamDatabase = Databas { $database } ({ $engine } { $version }, schema { $schema })
cliTeamDirectory = Katalog: { $companies } företag, { $people } personer
cliTeamDesks = { $desks ->
    [0] Inga arbetsplatsfönster öppna
    [one] Ett arbetsplatsfönster öppet
   *[other] { $desks } arbetsplatsfönster öppna
}
cliTeamConnections = { $connections ->
    [one] 1 anslutning
   *[other] { $connections } anslutningar
}
cliTeamSyncHeld = Kalenderhämtning: { $desk } hämtar just nu
cliTeamSyncFree = Kalenderhämtning: ingen arbetsplats hämtar just nu
cliTeamLastSync = Senast hämtade kalender: { $last }
cliCompanyAdded = Tillagt { $name } ({ $slug }), id { $id }
cliLanguage = språk
cliOpen = öppet
cliDayMon = mån
cliDayTue = tis
cliDayWed = ons
cliDayThu = tor
cliDayFri = fre
cliDaySat = lör
cliDaySun = sön
cliRestored = Återställt { $companies } företag och { $people } personer från { $file }
cliDemoCompany = { $people } personer, { $absences } frånvaron
cliDemoCalendars = { $absences } frånvaron lästa från demons kalendrar (vaihde feed list)
cliDemoGenerated = { $people } genererade personer i { $companies } fler företag
cliDemoLoaded = Demon laddad i { $dir }
cliReadAs = Läst som { $format }
cliImported = { $added } tillagda, { $updated } uppdaterade, { $unchanged } oförändrade
cliImportWouldBe = { $added } skulle läggas till, { $updated } uppdateras, { $unchanged } oförändrade (inget sparat)
cliLine = rad { $line }
cliColumnsIgnored = Kolumner som inte importerades: { $columns } (importera dem med --map "Rubrik=fält")
cliMissing = Inte i filen, fortfarande listade som personal ({ $count }):
cliMissingHint = Om de har slutat: vaihde person leave '#ID' --on DATUM [--calls-to-person NAMN]
cliNoCompanies = det finns inga företag ännu: lägg till ett med `vaihde company add` eller ladda demon med `vaihde demo`
cliWhichCompany = vilket företag? ange --company med ett av: { $companies }
cliNobodyMatches = ingen på { $company } matchar ”{ $query }”
cliAwayCount = { $count } borta { $at } på { $company }

## Changed fields, in the changes list

fieldKind = typ
fieldGivenName = förnamn
fieldFamilyName = efternamn
fieldAliases = även känd som
fieldTitle = titel
fieldDepartment = avdelning
fieldTopics = ämnen
fieldPhones = nummer
fieldEmails = e-post
fieldLanguages = språk
fieldNotes = anteckningar
fieldLeft = har slutat
fieldCallsTo = samtal går till
fieldHolders = innehavare
fieldDelegates = ersättare
fieldCalendar = kalender
fieldCalendarMatch = kalendermatchning
fieldAbsence = borta
fieldAlias = även känd som
fieldTopic = ämne
fieldLanguage = språk
fieldEmail = e-postadress
fieldPhoneNumber = telefonnummer
fieldPhoneLabel = nummerbeskrivning
fieldLeftReason = orsak till att ha slutat
fieldCallsToText = vart samtalen går
fieldCompanyName = företagets namn
fieldGreeting = hälsning
fieldCompanyNumber = företagets nummer
fieldNumberLabel = nummerbeskrivning
fieldCompanyNotes = företagets anteckningar
fieldFallback = när ingen svarar
fieldRoleName = rollens namn
fieldRoleAlias = rollens andra namn
fieldLabel = namn
fieldReason = orsak
changeAdded = tillagd
changeRemovedWithAbsences = borttagen med sina frånvaron
changeAddedOutsider = tillagd (inte anställd)
changeFeedAdded = tillagd ({ $address })
changeGoneFrom = inte längre med i { $source }
changeListedAgain = med igen i { $source }
changeRemoved = borttagen
changeLeft = slutade { $date }
changeLeftBecause = slutade { $date } ({ $reason })
changeStaff = anställd
changeAbsence = { $reason } { $from } – { $until }
changeCalendarConfirmed = ”{ $summary }” ({ $feed }) gäller hen: bekräftat
changeCalendarDismissed = ”{ $summary }” ({ $feed }) gäller inte hen: avfärdat
changeRole = den som har rollen { $name }
changeYes = ja
changeNo = nej
changeBy = av { $actor }

## Why the directory said no (refusals), and what it looks up
thingCompany = företag
thingScript = samtalsmanus
thingPerson = person
thingRole = roll
thingFeed = kalender
thingAbsence = frånvaro
thingSuggestion = förslag
refuseNotFound = ingen träff på ”{ $query }”: { $what }
refuseAmbiguous = ”{ $query }” passar flera ({ $what }): { $candidates }. Använd id eller hela namnet
refuseNoName = en person behöver ett namn: fyll i för- eller efternamnet
refuseNotAnEmail = ”{ $value }” är ingen e-postadress (formen namn@exempel.fi)
refuseTooLong = { $field }: { $len } tecken (”{ $excerpt }”); högst { $limit } ryms: korta av
refuseCallsToSelf = samtal kan inte gå till samma person: välj en kollega eller skriv vart de går
refuseCallsToOtherCompany = { $name } arbetar på ett annat företag: samtal kan gå till en kollega på samma företag
refuseCallsToFormer = även { $name } har slutat: välj en nuvarande kollega
refuseCallsToForeignRole = rollen hör till ett annat företag
refuseMovesCompany = en person kan inte flyttas mellan företag: lägg till hen i det andra företaget
refuseCoversSelf = { $name } kan inte vara sin egen ersättare
refuseOtherCompany = { $name } arbetar på ett annat företag
refuseFormerDelegate = { $name } har slutat och kan inte vara ersättare
refuseDatesReversed = perioden { $from } – { $until } slutar innan den börjar
refuseAbsenceReversed = frånvaron slutar ({ $until }) innan den börjar ({ $from }): kontrollera början och slutet
refuseFromCalendar = frånvaron kommer från en kalender: ändra den där och synkronisera
refuseEmptyNote = anteckningen är tom
refuseRoleNeedsName = en roll behöver ett namn, som ”HR” eller ”vd / CEO”
refuseListedTwice = { $name } står två gånger för { $role }
refuseNobodyHoldsRole = ingen har den här rollen: ange innehavare först
refuseCompanySlug = företagets id ”{ $slug }” får bara ha små bokstäver, siffror och ”-”, som ”rakennus-oy”
refuseCompanyNeedsName = ett företag behöver ett namn
refuseCompanyExists = ett företag med id ”{ $slug }” finns redan
refuseUnknownZone = okänd tidszon ”{ $zone }”: använd ett IANA-namn som Europe/Helsinki
refuseHoursReversed = öppettider ({ weekdayShort }): stängning { $closes } är inte efter öppning { $opens }
refuseNotANumber = ”{ $number }” är inget telefonnummer
refuseNumberTaken = numret { $number } besvaras redan för { $company }: ett nummer, ett företag
refuseFavouritesFull = alla { $max } snabbplatser är tagna: ta bort en först (F3 på det företaget)
refuseNotACalendarAddress = { $address } är ingen kalenderadress: använd https://, http://, webcal:// eller en filsökväg
refuseDemoFailed = demodata kunde inte laddas: { $detail }
refuseChangedMeanwhileBy = { $name } ändrades av { $by } { $unit ->
        [now] nyss
        [seconds] för { $n ->
            [one] { $n } sekund
           *[other] { $n } sekunder
        } sedan
        [minutes] för { $n ->
            [one] { $n } minut
           *[other] { $n } minuter
        } sedan
        [hours] för { $n ->
            [one] { $n } timme
           *[other] { $n } timmar
        } sedan
        [days] för { $n ->
            [one] { $n } dag
           *[other] { $n } dagar
        } sedan
       *[unknown] sedan du öppnade uppgifterna
    } — läs in dem på nytt och försök igen
refuseChangedMeanwhile = { $name } ändrades { $unit ->
        [now] nyss
        [seconds] för { $n ->
            [one] { $n } sekund
           *[other] { $n } sekunder
        } sedan
        [minutes] för { $n ->
            [one] { $n } minut
           *[other] { $n } minuter
        } sedan
        [hours] för { $n ->
            [one] { $n } timme
           *[other] { $n } timmar
        } sedan
        [days] för { $n ->
            [one] { $n } dag
           *[other] { $n } dagar
        } sedan
       *[unknown] sedan du öppnade uppgifterna
    } — läs in dem på nytt och försök igen
refuseSyncOff = kalendrar synkroniseras inte här: använd `vaihde sync`

## Meddelanden, återuppringningar och samtalsloggen
thingMessage = meddelande
thingCall = samtal
refuseNoOperatorName = logga in med ditt namn: skiftets meddelanden, samtal och siffror blir dina
refuseMessageEmpty = meddelandet säger ingenting: skriv vad den som ringer vill, eller välj ”ring tillbaka”
refuseNobodyToSendTo = ingen skulle få meddelandet: lägg till en mottagares e-post, eller ange en meddelandeadress för { $company } (vaihde messaging { $company } --address …)
refuseCallbackClaimed = { $by } har redan tagit den här återuppringningen
refuseNoOpenCallback = meddelande #{ $id } har ingen öppen återuppringning
refuseNotAMailServer = ”{ $address }” är ingen adress till en e-postserver: använd smtps://användare:lösenord@server eller smtp://server:port
refuseNotAMailbox = ”{ $address }” är ingen adress till en brevlåda: använd imaps://användare:lösenord@server[:993][/MAPP] (imap:// bara på den här datorn)
refuseAnswerMissing = samtalsmanuset frågar ”{ $label }”: svara på den innan du skickar
refuseNotAChoice = ”{ $value }” är inget svar på ”{ $label }”: välj { $choices }
refuseScriptName = ett manus behöver ett namn: samtalstypen med kundens ord
refuseScriptDays = ”{ $text }” är ingen lista över dagar: använd mån-fre, lör,sön eller mån
refuseScriptHours = ”{ $text }” är inget tidsintervall: använd 17:00-08:00 (över midnatt går bra)
refuseScriptDates = ”{ $text }” är inget datumintervall: använd 2026-12-24..2026-12-26 eller ett datum
refuseScriptQuestion = ”{ $text }” är ingen fråga: använd TYP:RUBRIK där TYP är name, number, address, text eller choice (choice:RUBRIK:a|b), och :required sist om den måste besvaras
refuseScriptGoesTo = ”{ $text }” säger inte vart samtalen går: använd person:NAMN, role:NAMN, on-call eller address:E-POST
refuseScriptSay = ”{ $text }” är inte vad som ska sägas: använd SPRÅK:TEXT där SPRÅK är fi, sv eller en
refuseScriptAnswer = ”{ $text }” är inget svar: använd RUBRIK=VÄRDE med rubriken som manuset frågar
refuseNotAWebhook = ”{ $address }” är ingen webbadress: en webhook börjar med https:// eller http://
refuseBadMapping = ”{ $mapping }” är ingen kolumnmappning: skriv den som "Rubrik=fält" med ett av dessa fält: { $fields }
fieldForWords = till vem
fieldCallerName = uppringarens namn
fieldCallerOrg = uppringarens organisation
fieldCallerNumber = uppringarens nummer
fieldCallerEmail = uppringarens e-post
fieldMessageBody = meddelande
fieldCallbackWhen = när ringa tillbaka
fieldSaid = vad som sades till den som ringde
fieldRecipient = mottagare
fieldRecipientName = mottagarens namn
fieldMailFrom = avsändaradress
fieldOnCall = jourens roll eller ämne
fieldNote = anteckning
fieldLineAccount = SIP-konto
fieldLineUser = autentiseringsanvändare
fieldLinePassword = lösenord
fieldLineTransport = transport
fieldLineCaFile = växelns certifikatutfärdare (PEM-fil)
fieldLineDevice = ljudenhet
fieldScriptName = samtalstyp
fieldScriptDays = dagar
fieldScriptHours = tider
fieldScriptDates = datum
fieldScriptNumber = slaget nummer
fieldScriptSay = vad som sägs
fieldScriptQuestions = frågor, en per rad
fieldScriptGoesTo = vart samtalet går
fieldFile = fil
fieldAddress = adress
fieldOn = sista dag
fieldUntil = till
fieldMessageAddress = meddelandeadress
fieldSummaryTo = adress för sammanfattningen
fieldAskedFor = sökt
messageQueued = inte skickat ännu
messageSent = skickat
messageFailed = inte levererat
messageAcknowledged = sett
messageDone = klart
mailUnknownCaller = okänd uppringare
mailSubjectCallback = Ring tillbaka: { $caller }
mailSubjectMessage = Meddelande: { $caller }
mailUrgent = BRÅDSKANDE
mailFor = Till
mailCaller = Uppringare
mailCallerOrg = Organisation
mailCallerNumber = Nummer
mailCallerEmail = E-post
mailTopic = Ärende
mailCallback = Ring tillbaka
mailCallbackYes = ja
mailCallbackBy = senast { $at }
mailSaid = Den som ringde fick höra
mailTaken = Taget { $at } av { $operator } (meddelande #{ $id })
reportTitle = { $company }: { $since } – { $until }
reportCalls = { $calls ->
        [one] 1 samtal
       *[other] { $calls } samtal
    }: { $transferred } kopplade, { $messages } meddelanden tagna, { $information } besvarade, { $none } utan resultat
reportMessages = { $count ->
        [0] Inga meddelanden
        [one] 1 meddelande
       *[other] { $count } meddelanden
    }
reportCallbacks = { $count ->
        [0] Inga öppna återuppringningar
        [one] 1 öppen återuppringning
       *[other] { $count } öppna återuppringningar
    }
cliNotSentYet = inte skickat ännu: { $error }
cliNotDelivered = inte levererat: { $error }
cliCc = kopia
cliNoMessages = Inga meddelanden.
cliEventTaken = taget
cliEventTryFailed = inte skickat ännu
cliEventSent = skickat
cliEventPosted = skickat till webhooken
cliEventFailed = inte levererat
cliEventAcknowledged = sett
cliEventDone = klart
cliEventRequeued = köat igen
cliEventClaimed = återuppringning tagen
cliEventReleased = återuppringning släppt
cliEventCalledBack = uppringd
cliEventEscalated = skickat vidare, inte kvitterat i tid
cliEventAlarm = larm: ingen kvar att skicka det till
cliOutboxByOtherDesk = { $desk } skickar meddelandena nu; den här arbetsplatsen lämnar dem åt den
cliOutboxEmpty = Utkorgen är tom: alla meddelanden är skickade.
cliNoCallbacks = Inga återuppringningar väntar.
cliOverdue = FÖRSENAD
cliClaimedBy = tagen av { $by }
cliCallbackDone = klar
cliCallbackOpen = väntar på att någon ringer
cliSignedIn = { $operator } är inloggad vid { $desk } (språk: { $languages }).
cliSignedOut = { $operator } loggade ut vid { $desk }.
cliNobodySignedIn = Ingen är inloggad vid { $desk }.
cliNobodySignedInAnywhere = Ingen är inloggad vid någon arbetsplats.
cliShiftLine = { $desk }: { $operator } ({ $languages }), sedan { $since }
cliThisDesk = den här arbetsplatsen
cliNoCalls = Inga samtal.
callTransferred = kopplat till { $name } { $number }
callMessage = meddelande #{ $id } ({ $status })
callInformation = besvarat
callNoOutcome = inget resultat
callOpen = i luren
cliForgotten = { $number }: { $messages } meddelanden och { $calls } samtal raderade
cliMailServer = E-postserver
cliReplyMailbox = Brevlåda för svar
cliAckByReply = kvitterat med ett svar
cliNoScripts = Inga samtalsmanus.
cliNoScriptNow = Inget samtalsmanus gäller nu.
cliScriptUrgent = brådskande
cliScriptRequired = obligatorisk
cliScriptOnCall = den som har jour
cliScriptAlso = Gäller också: { $scripts }
cliScriptRemoved = Tog bort { $name }.
cliNotSet = inte angiven
cliKeepDays = Samtal och meddelanden sparas i { $days } dagar.
cliWebhook = Webhook
cliCalledBefore = { $count ->
        [one] har ringt en gång den här veckan
       *[other] har ringt { $count } gånger den här veckan
    }; senast { $last }{ $asked } → { $outcome }
cliCallLogged = Samtal #{ $id } loggat (vaihde calls close { $id } --outcome …).
msgTitle = Ta ett meddelande
msgFor = Till
msgTo = Mottagare (e-postadresser)
msgCc = Kopia
msgText = Meddelande
msgCallback = Ring tillbaka
msgCallbackWhen = När det passar den som ringer
msgUrgent = Brådskande
msgSaid = Vad den som ringde fick höra
msgHelp = Enter skickar (Ctrl+Enter i meddelandet) · Esc avbryter
msgSending = Meddelande #{ $id } sparat; skickas…
msgResultSent = Meddelande #{ $id } skickat
msgResultQueued = Meddelande #{ $id } sparat, inte skickat ännu: { $error }
msgResultFailed = Meddelande #{ $id } kunde inte levereras: { $error }
msgPanelTitle = Meddelanden och återuppringningar
msgCallbacksHead = Återuppringningar som väntar
msgTodayHead = Senaste dygnets meddelanden
msgCallsHead = Samtal från { $number }
msgNone = Inga.
cbClaim = Jag tar den
cbRelease = Släpp
cbReached = Nådd
cbCall = Ring upp
cbNoAnswer = Inget svar
cbLeftMessage = Lämnade ett meddelande
cbOverdue = försenad
cbClaimedBy = tagen av { $by }
msgMarkSeen = Sett
msgMarkDone = Klart
msgScopeCompany = Visa bara { $company }
msgScopeAll = Visa alla företag
reportSubject = Samtal och meddelanden: { $company }
scriptsTitle = Samtalsmanus: { $company }
scriptsNone = Inga samtalsmanus än.
scriptsNew = Nytt samtalsmanus
scriptsUrgent = Dess meddelanden är brådskande (kvitteras eller skickas vidare)
scriptsSave = Spara
scriptsRemove = Ta bort
scriptsFormHelp = Tomma dagar, tider, datum eller nummer: vilka som helst. Frågor en per rad: name, number, address, text eller choice (choice:RUBRIK:a|b), :required sist om den måste besvaras. Enter sparar (Ctrl+Enter i en textruta), Esc avbryter.
scriptsSaved = Samtalsmanuset { $name } sparat
scriptsRemoved = Samtalsmanuset { $name } borttaget
langHelpOthers = { $language } är inte ett av dina språk: { $who } talar det
langHelpNobody = { $language } är inte ett av dina språk, och ingen inloggad talar det
opTitle = Vem som sitter vid den här arbetsplatsen
opName = ditt namn
opLanguages = Språk du betjänar uppringare på
opThisDesk = Den här arbetsplatsen: { $desk }. Arbetsplatsens meddelanden, samtal och siffror får namnet på den som är inloggad här.
opSignIn = Logga in
opSignOut = Logga ut
opSignedInAs = Inloggad: { $who }
opSignedIn = { $who } loggade in vid den här arbetsplatsen
opSignedOut = Utloggad: arbetsplatsens arbete får inget namn nu
opEveryone = Inloggade vid arbetsplatserna
figuresTitle = Siffror
figuresOpen = Siffror
figuresPeriod = Period
figuresDay = i dag
figuresWeek = den här veckan
figuresMonth = den här månaden
figuresScope = Företag
figuresScopeCompany = bara { $company }
figuresScopeAll = alla företag
figuresCompanies = Per företag
figuresAgents = Per telefonist
figuresNone = Inga samtal eller meddelanden under perioden.
figuresSince = Från { $since } till nu
figName = Namn
figCalls = Samtal
figAnswerMedian = Svarstid (median, s)
figHandleMedian = Samtalstid (median, s)
figUrgentAcked = Brådskande kvitterade
figCallbacksDone = Återuppringningar gjorda
chartCallsPerHour = Samtal per timme efter utfall
chartAnswerTimes = Svarstid, samtal på linjen
chartHour = Timme på dygnet
chartCalls = Samtal
chartSeconds = Sekunder till svar
chartPutThrough = kopplat
chartMessage = meddelande
chartAnswered = besvarat
chartNoOutcome = inget utfall
chartNoCalls = Inga samtal under perioden.
chartNoAnswerTimes = Inga samtal besvarades på linjen under perioden.
chartCallsPerHourSaid = { $calls ->
        [one] 1 samtal
       *[other] { $calls } samtal
    }; mest trafik { $hour }–{ $next }, { $most } samtal.
chartAnswerTimesSaid = { $within } av { $calls } samtal på linjen besvarades inom 20 sekunder.
reportAnswerTimes = Besvarade på linjen på { $median } s (median), nio av tio inom { $p90 } s; samtalstid { $handle } s (median)
reportUrgent = { $urgent } brådskande: { $acked } kvitterade{ $minutes ->
        [none] {""}
       *[other] {" "}(median { $minutes } min)
    }, { $escalated } skickade vidare, { $alarms } larm
reportCallbacksDone = Återuppringningar: { $done } av { $count } gjorda{ $minutes ->
        [none] {""}
       *[other] , väntan { $minutes } min (median)
    }
reportChartsAttached = Diagrammen bifogas:
openMessagesHead = Meddelanden till hen senaste dygnet
cardGoneFrom = Inte längre med i { $source } sedan { $since }: har personen slutat? Ctrl+L
cliGoneFrom = Inte längre med i { $source } sedan { $since }: har personen slutat? `vaihde person leave`
callClosedAnswered = Samtalet loggat som besvarat
callByHandTitle = Ett samtal för hand
callByHandNumber = Uppringarens nummer (tomt: dolt)
callByHandHelp = Enter loggar samtalet för { $company } och visar tidigare samtal från numret · Esc avbryter
# Vad kundens personallista berättade, tills telefonisten har sett det.
learnedAdded = Ny sedan { $day }
learnedAddedAs = Ny { $title } sedan { $day }
learnedTitle = { $title } sedan { $day } (tidigare { $old })
learnedTitleNew = { $title } sedan { $day }
learnedGone = Inte längre med i { $source } sedan { $day }
learnedBadgeAdded = ny
learnedBadgeTitle = ny titel
learnedBadgeGone = ej listad
learnedFrom = från { $source }
learnedSeen = Sett
learnedSeenAll = Markera alla som sedda
sinceShift = Sedan ditt senaste pass
sinceShiftNone = Inget nytt från kundernas personallistor
learnedPinned = ledning
cliLearnedMarked = { $count ->
    [one] En ändring markerad som sedd
   *[other] { $count } ändringar markerade som sedda
}
# Kalenderpanelens personallistor.
staffFeedKind = personallista
staffFeedListed = { $count ->
    [one] en person
   *[other] { $count } personer
}
staffFeedGone = { $count ->
    [one] en inte längre listad
   *[other] { $count } inte längre listade
}
staffFeedFailing = senaste synkroniseringen misslyckades: { $error }
# Vad som gick fel med en personallista (där kalenderns ord inte passar).
staffProblemNotPublic = personallistan delas inte längre med oss (servern nekade åtkomst, HTTP { $status }): kontrollera adressen och dess lösenord
staffProblemGone = ingen personallista på adressen längre (HTTP { $status }): den kan ha flyttats
staffProblemServerTrouble = personallistans server har ett problem (HTTP { $status }); Vaihde försöker igen
staffProblemUnexpectedStatus = servern svarade HTTP { $status } i stället för personallistan
staffProblemSlowDown = personallistans server ber oss sakta ner (HTTP 429); Vaihde försöker igen senare
staffProblemTimeout = personallistans server svarade inte i tid; Vaihde försöker igen
staffProblemTls = en säker anslutning till personallistans server kunde inte upprättas (certifikat- eller TLS-problem)
staffProblemNameNotFound = personallistans servernamn hittades inte: kontrollera adressen
staffProblemUnreachable = personallistans server kunde inte nås; Vaihde försöker igen
staffProblemDownloadFailed = personallistan kunde inte hämtas; Vaihde försöker igen
staffProblemTooLarge = personallistan är större än { $megabytes } MB: är adressen rätt?
staffProblemFileUnreadable = personalfilen kan inte läsas: { $detail }
staffProblemUnreadable = personallistan kan inte läsas: { $detail }
problemListsNobody = listan tar inte upp någon: avvisad, så att ingen markeras som borta; den senaste lyckade synkroniseringen behålls. Kontrollera källan
problemSuddenDrop = listan tar upp { $listed } personer där den senaste lyckade synkroniseringen tog upp { $before }: avvisad, så att de andra inte markeras som borta; den senaste lyckade synkroniseringen behålls. Kontrollera källan

## What the calendar reader says about a part of a feed (FeedNote, Unreadable)
noteSkipped = rad { $line }: { $why }; händelsen och dess serie hoppas över
noteUnknownZone = rad { $line }: okänd tidszon ”{ $zone }”; dess tider läses i företagets tidszon
noteEndBeforeStart = rad { $line }: händelsen slutar innan den börjar; läses som ett ögonblick vid starten
noteTooFineGrained = rad { $line }: en regel med FREQ={ $freq } är för tät för att vara en frånvaro; hoppas över
noteTooManyOccurrences = rad { $line }: regeln ger fler än { $max } förekomster i tidsfönstret; bara de första används
noteCapped = fler än { $max } frånvaron i tidsfönstret på { $days } dagar; de tidigaste { $max } behålls (till { $until }) och { $dropped } senare utelämnas
unreadableLine = raden kan inte läsas: { $text }
unreadableValue = { $property } ”{ $value }” är inget värde den kan ha
unreadableNoStart = händelsen har ingen start (DTSTART)
unreadableStartTwice = händelsen har två starter (DTSTART två gånger): vilken som avses går inte att veta
unreadableUnknownFreq = regeln RRULE { $rule } har ingen känd frekvens (FREQ)
unreadableDstGap = { $property } hamnar i sommartidsövergången (en tid som klockan hoppar över)
unreadableRule = regeln RRULE { $rule } kan inte räknas ut
unreadableSeries = en annan del av samma serie ({ $uid }) kan inte läsas
unreadableTooDeep = delar kapslade mer än { $max } nivåer djupt; inget kalenderprogram skriver så
unreadableEndMismatch = END:{ $end } stänger BEGIN:{ $begin } på rad { $beginLine }
unreadableEndWithoutBegin = END:{ $name } utan BEGIN
unreadableNeverClosed = BEGIN:{ $name } stängs aldrig: filen verkar avkortad
problemBroken = kalendern kan inte läsas: rad { $line }: { $why }
problemNotACalendar = detta är ingen iCalendar-fil (den börjar inte med BEGIN:VCALENDAR)
problemNotACalendarWebPage = detta är en webbsida, inte en kalender: stämmer adressen och är kalendern fortfarande publicerad?
problemNamesNobodyHere = kalendern nämner inte längre någon på { $company }: { $absences } frånvaron, ingen av dem våra personer. Om den har bytts mot en annan kalender, kontrollera adressen; de senaste goda frånvarona behålls
problemSomeoneElses = kalendern verkar nu vara någon annans: { $events } händelser gäller personer på { $other } och ingen { $person }. Kontrollera adressen; de senaste goda frånvarona behålls

## A staff file that cannot be imported, and what its import says (ImportError, import notes)
importAtLine = { $file }, rad { $line }: { $why }
importAtRow = { $file }, blad ”{ $sheet }”, rad { $row }: { $why }
importInFile = { $file }: { $why }
importIo = kan inte läsa { $file }: { $detail }
importNotFound = { $file } finns inte: kontrollera filens namn och mapp
importNoPermission = { $file } kan inte läsas: den här användaren får inte öppna den
importEmpty = { $file }: filen är tom
importNoNameColumn = { $file }: ingen namnkolumn bland rubrikerna { $headers }. Väntade t.ex. Etunimi/Sukunimi, Förnamn/Efternamn eller First name/Last name; koppla dina med --map "Rubrik=given_name"
importMapping = --map ”{ $arg }”: { $why }
importMappingForm = skriv det som "Rubrik=fält"
importMappingField = okänt fält ”{ $field }”; använd ett av { $names }
importRefused = { $why }; inget importerades
importBrokenCard = vCard { $n } är trasigt: { $detail }
importCard = vCard { $n }: { $why }
importCellNotAnEmail = kolumn ”{ $header }”: ”{ $value }” är ingen e-postadress
importCellNotANumber = kolumn ”{ $header }”: ”{ $value }” är inget telefonnummer
importCardNotAnEmail = EMAIL ”{ $value }” är ingen e-postadress
importCardNotANumber = TEL ”{ $value }” är inget telefonnummer
importNoNameCells = inget namn: namncellerna är tomma
importCardNoName = har varken FN eller N: varje kort behöver ett namn
importHeaderUnreadable = rubrikraden kan inte läsas: { $detail }
importNotCsv = kan inte läsas som CSV: { $detail }
importTooManyCells = { $cells } celler men rubriken har { $width }; stämmer avgränsaren? (läser med ”{ $delimiter }”; välj en annan med --delimiter)
importTooFewCells = { $cells } celler men rubriken har { $width }: en cell eller en avgränsare saknas (läser med ”{ $delimiter }”)
importTwoPeopleByEmail = e-postadresserna hör till två olika personer, { $a } och { $b }
importNamesakes = det finns flera personer som heter { $name }: lägg till en e-postkolumn så att varje rad säger vem det gäller
importDuplicateRow = { $name } förekommer igen (först på rad { $first }); ta bort dubbletten
importNotVcard = ingen BEGIN:VCARD hittades: är detta en vCard-fil?
importNotXlsx = kan inte läsas som en Excel-arbetsbok (.xlsx): { $detail }
importNoSuchSheet = inget blad som heter ”{ $wanted }”; arbetsboken har { $names } (välj ett med --sheet)
importNoSheets = arbetsboken har inga blad
importSheetUnreadable = bladet ”{ $sheet }” kan inte läsas: { $detail }
importNoteNotAPerson = vCard { $n } (rad { $line }) är { $what }, inte en person: hoppas över
importKindGroup = en grupp
importKindOrg = en organisation
importKindLocation = en plats
importNoteUnmapped = kolumnen ”{ $header }” innehåller { $what } men importeras inte: koppla den med --map "{ $header }={ $field }" (eller =mobile, =extension)
importHoldsEmails = e-postadresser
importHoldsNumbers = telefonnummer
importNoteNumericPhones = kolumnen ”{ $header }” har { $count } sifferceller (den första på rad { $first }): Excel tar bort en inledande 0 och ett + från tal, så kontrollera dem och formatera kolumnen som text

## The store's failures (StoreError, db::Error), as the operator can act on them
storeDiskFull = disken med Vaihdes data är full: frigör utrymme och försök igen (inget ändrades)
storeReadOnly = Vaihdes datakatalog är skrivskyddad: kontrollera dess behörigheter eller disken, eller ange en annan --data-dir (inget ändrades)
storeBusy = en annan Vaihde höll katalogen upptagen i över 10 sekunder; försök igen (inget ändrades)
storeCannotOpen = { $detail }: kontrollera att datakatalogen finns och att du får skriva där, eller ange --data-dir
storeDamaged = { $detail }: databasen är skadad; återställ en säkerhetskopia med `vaihde import-backup`
storeDatabase = databasfel: { $detail }
storeTeamDatabase = teamets databas: { $detail }
storeCreateDir = kan inte skapa datakatalogen { $path }: { $detail }. Kontrollera att du får skriva där, eller ange --data-dir
storeOpen = kan inte öppna databasen { $path }: { $why }
storeCopy = den här arbetsplatsen har ingen läsbar kopia av teamets databas på { $path }: { $detail }
storePermissions = kan inte göra { $path } privat för dig: { $detail }
storeMigrate = kan inte uppgradera databasen till version { $version } ({ $name }): { $why }
storeTooNew = databasen är från en nyare Vaihde (schema { $found }, den här känner till upp till { $known }): uppdatera Vaihde
storeCorrupt = sparade data är skadade ({ $detail }); återställ en säkerhetskopia med `vaihde import-backup`
problemFileMissing = kalenderfilen finns inte: kontrollera adressen eller lägg tillbaka filen
problemFileDenied = kalenderfilen kan inte läsas: den här användaren får inte öppna den
staffProblemFileMissing = personalfilen finns inte: kontrollera adressen eller lägg tillbaka filen
staffProblemFileDenied = personalfilen kan inte läsas: den här användaren får inte öppna den

## Change log fields of a company (ChangeField)
fieldId = kortnamn
fieldName = namn
fieldTimezone = tidszon
fieldNumbers = företagets nummer
fieldGreetings = hälsningar
fieldOpeningHours = öppettider
fieldAllowMobileTransfer = kopplingar till mobiler
problemNoAddressBook = ingen adressbok hittades där: ange adressbokens egen adress eller serverns
problemBadAnswer = serverns svar kan inte läsas ({ $detail })

## The command line's argument errors (clap's own words stay in --help)
cliArgUnknown = okänt alternativ { $arg }: se `vaihde --help`
cliArgSuggest = menade du { $suggestion }?
cliArgUnknownCommand = okänt kommando { $command }: se `vaihde --help`
cliArgInvalidValue = ”{ $value }” är inget värde som { $arg } tar
cliArgValidValues = giltiga värden: { $values }
cliArgMissing = saknas: { $args } (se --help)
cliArgMissingCommand = vilket kommando? Se `vaihde --help`
cliArgConflict = { $arg } kan inte användas med { $other }
cliArgInvalid = argumenten stämmer inte ({ $detail }): se --help
cliArgNeedsValue = { $arg } behöver ett värde
staffFileTooLarge = personalfilen är större än { $megabytes } MB: är det rätt fil?
chooseFile = Välj fil…

## Tider som de skrivs (CLI:ns --at, --from, --until, öppettider, tidszoner)
timeUnparsable = ”{ $text }” är ingen tid: använd RFC 3339 som 2026-11-23T09:30:00+02:00, en lokal tid 2026-11-23 09:30 eller ett datum 2026-11-23
timeNotUnderstood = ”{ $text }”: { timeForms }
timeNoSuchDay = ”{ $text }” är ingen dag i kalendern
timeSkipped = ”{ $text }” finns inte i { $zone } (klockan hoppar över den vid sommartidsbytet): välj en annan minut
timeNotWeekday = ”{ $text }” är ingen veckodag: använd må, ti, on, to, fr, lö eller sö
timeUnknownZone = okänd tidszon ”{ $zone }”: använd ett IANA-namn som Europe/Helsinki eller Europe/Stockholm

## CLI:ns egna kontroller
cliUnknownLanguage = okänt språk ”{ $lang }”: använd fi, sv eller en
cliArgOneChar = { $arg } tar ett ASCII-tecken, till exempel ;
cliCannotWrite = kan inte skriva { $file }: { $detail }
cliCannotWriteNoFolder = kan inte skriva { $file }: mappen finns inte
cliCannotWriteDenied = kan inte skriva { $file }: den här användaren får inte skriva där
cliHoursForm = öppettider ”{ $text }”: skriv dem som "må-fr 08:00-16:00" eller "lö 10:00-14:00"
cliPhoneForm = --phone ”{ $text }”: skriv det som "extension:1234" eller "mobile:040 123 4567"; slaget är extension, direct, mobile eller other
cliGreetingForm = hälsning ”{ $text }”: skriv den som "sv:God dag, ..."
cliRoleAlso = även: { $aliases }
cliUnasked304 = { $name }: servern svarade ”inte ändrad” (304) på en begäran som inte frågade efter det

## Fönstrets begäranden som misslyckas utanför katalogen
apiNoDataDir = det här fönstret har ingen datakatalog att komma ihåg teamets databas i: starta om Vaihde
apiRememberTeam = teamets databasadress kunde inte sparas: { $detail }
apiNobodyHandles = ingen sköter { $name } just nu
apiRestart = en tidigare begäran misslyckades allvarligt: starta om Vaihde

## Vad CLI:ns andra kommandon säger när de misslyckas
dataNoHome = ingen hemkatalog för Vaihdes data hittas: ange --data-dir KATALOG eller sätt VAIHDE_DATA_DIR
backupNotABackup = det här är ingen säkerhetskopia från Vaihde (format ”{ $format }”); en fil skriven av `vaihde export` väntades
backupTooNew = säkerhetskopian är version { $version }; den här Vaihde läser version { $reads }: uppdatera Vaihde
backupNotEmpty = katalogen är inte tom; återställ med --replace för att skriva över den (gör en export först)
backupNotJson = säkerhetskopian är inte giltig JSON: { $detail }
backupDoesNotFit = säkerhetskopians delar passar inte ihop: { $why }
exportCannotWrite = kalkylbladet kan inte skrivas: { $detail }
copyNotEmpty = måldatabasen har redan en katalog ({ $companies } företag, { $people } personer)
copySchemas = databaserna har olika struktur ({ $from } och { $to }): öppna båda med den här Vaihde först
copyMiscounted = { $table }: { $expected } rader att kopiera men { $found } kom fram; inget kopierades
demoBroken = demodata är trasig ({ $detail }); det här är ett fel i Vaihde
demoAlreadyLoaded = demoföretagen är redan inlästa; använd --replace för att läsa in dem på nytt
mailNoSender = ingen avsändaradress är satt (vaihde mail set --from ADRESS eller VAIHDE_MAIL_FROM)
mailBadSender = avsändaradressen ”{ $address }” är ingen e-postadress
mailBadRecipient = ”{ $address }” är ingen e-postadress som e-postbiblioteket godtar
mailNoRecipients = meddelandet har inga e-postmottagare
mailCannotWrite = e-postmeddelandet kan inte skrivas: { $detail }
mailNoServer = ingen e-postserver är satt (vaihde mail set --smtp URL eller VAIHDE_SMTP_URL)
mailAnswers = Svar
mailboxTrouble = svaren kunde inte läsas från brevlådan: { $detail }
alarmUnacknowledged = brådskande meddelande #{ $id } till { $for } har inte kvitterats på { $minutes } min: ring personen eller kunden
cliExported = Exporterade { $companies } företag och { $people } personer till { $file }
cliExportedStaff = Exporterade { $people } personer från { $company } till { $file }
cliEarliestShown = de tidigaste { $shown } av { $total } förekomster skrevs ut; se fler med --limit

## Varför ett meddelande inte (ännu) har levererats
deliveryDetail = { $detail }
mailServerAddress = e-postserverns adress kan inte läsas: { $detail }
mailNoTransport = anslutningen till e-postservern kan inte upprättas: { $detail }
webhookStatus = { $address } svarade HTTP { $status }
webhookTimeout = { $address } svarade inte i tid; Vaihde försöker igen
webhookUnreachable = { $address } kunde inte nås; Vaihde försöker igen
webhookTls = en säker anslutning till { $address } kunde inte upprättas (certifikat- eller TLS-problem)
webhookNameNotFound = namnet i { $address } hittades inte: kontrollera webhookens adress
webhookRedirectLoop = { $address } omdirigerar för många gånger: kontrollera webhookens adress
webhookFailed = meddelandet kunde inte skickas till { $address }; Vaihde försöker igen

## The desk's phone line (vaihde line, the window's line settings)
lineNotSet = Den här arbetsplatsen har ingen telefonlinje. Ställ in en med: vaihde line set --account sip:ANKNYTNING@VÄXEL --password …
lineBadAddress = Kontot ”{ $given }” är ingen SIP-adress: skriv det som sip:200@pbx.example.fi (arbetsplatsens anknytning i telefonväxeln)
lineBadUser = Autentiseringsanvändaren ”{ $given }” har ett mellanslag, ett citattecken eller ett tecken som ett SIP-användarnamn inte kan ha
lineBadPassword = Lösenordet har ett mellanslag, semikolon, kommatecken, citattecken eller en vinkelparentes, som telefonmotorn inte kan föra vidare: ställ in ett lösenord utan dem i telefonväxeln
lineBadTransport = Transporten ”{ $given }” är inte udp, tcp eller tls
lineBadCaFile = Växelns certifikatutfärdare { $path } kan inte användas ({ $detail }): ange PEM-filen som växelns administratör skickade, eller lämna tomt för att bara lita på systemets utfärdare
lineBadDevice = Ljudenheten ”{ $given }” kan inte användas: välj en ur listan
lineSettingsFile = Arbetsplatsens linjeinställningar { $path } kan inte läsas eller skrivas ({ $detail }); ingenting ändrades
lineSettingsDamaged = Arbetsplatsens linjeinställningar { $path } har en form som den här versionen inte läser ({ $detail }): ställ in linjen igen i fönstret (Ctrl+,) eller med vaihde line set
lineEngineMissing = Telefonmotorn ({ $program }) är inte installerad: installera paketet linphone-cli
lineEngineFailed = Telefonmotorn stannade: { $detail }
lineRegistering = Linjen { $account } registreras i telefonväxeln…
lineRegistered = Linjen { $account } är registrerad i telefonväxeln: samtal kan komma till den här arbetsplatsen
lineRefused = Telefonväxeln registrerade inte linjen { $account }: kontrollera kontot, användaren och lösenordet (Ctrl+, i fönstret eller vaihde line set)
lineFailed = Telefonväxeln registrerade inte linjen { $account } ({ $reason }): kontrollera kontot, användaren och lösenordet (Ctrl+, i fönstret eller vaihde line set) och att telefonväxeln går att nå
lineUnregistered = Linjen { $account } är inte registrerad i telefonväxeln
lineSaved = Arbetsplatsens linje är inställd: { $account } över { $transport }. Prova den med: vaihde line test
lineShowAccount = Konto: { $account }
lineShowUser = Autentiseringsanvändare: { $user }
lineShowPasswordSet = Lösenord: inställt (visas inte)
lineShowNoPassword = Lösenord: inget
lineShowTransport = Transport: { $transport }
lineShowCaFile = Växelns certifikatutfärdare: { $path }
lineShowRinger = Ringsignal: { $device }
lineShowPlayback = Den som ringer hörs i: { $device }
lineShowCapture = Mikrofon: { $device }
lineNoDevices = Telefonmotorn hittar inget ljudkort på den här datorn: samtal kan besvaras och kopplas, men inte höras
lineDeviceBoth = { $device } (uppspelning och mikrofon)
lineDevicePlayback = { $device } (uppspelning)
lineDeviceCapture = { $device } (mikrofon)
lineRemoved = Arbetsplatsens telefonlinje är borttagen; arbetsplatsen fungerar som förut, utan linje
lineText = { $text }
lineNoCallerId = ett okänt nummer
lineRingsFor = { $company }: ett samtal från { $caller }
lineRingsUnknownNumber = Ett samtal till { $dialled }, ett nummer som ingen kund har, från { $caller }
lineRings = Ett samtal ringer från { $caller }
lineAnswered = Besvarat: { $caller }
lineHeld = Parkerat: { $caller }
lineColleagueAnswered = { $to } svarade: tala, koppla sedan samtalet eller ta tillbaka den som ringer
linePutThrough = { $caller } kopplad till { $to }
lineTransferFailed = Kopplingen till { $to } misslyckades ({ $why }): { $caller } väntar parkerad vid arbetsplatsen
lineEnded = Samtalet med { $caller } avslutades
lineCalling = Ringer tillbaka till { $called }…
lineCallbackAnswered = { $caller } svarade på återuppringningen
lineCallbackEnded = Återuppringningen till { $caller } avslutades: ange hur det gick (nådd, inget svar, meddelande lämnat)
lineNotDiallable = ”{ $number }” är inget nummer som linjen kan ringa
lineDown = Telefonlinjen är nere ({ $reason }): samtal når inte den här arbetsplatsen förrän den är uppe igen
lineFailRefused = upptaget eller avvisat
lineFailNotFound = numret finns inte
lineFailNoAnswer = inget svar
lineFailNotReached = upptaget, avvisat eller numret finns inte
lineFailOther = inte genomfört
lineFailDetail = { $detail }
lineNotRunning = Arbetsplatsens telefonlinje är inte igång: se linjens läge ovanför samtalen
lineCallsAtDesk = Linjen kan inte ändras medan det finns samtal vid arbetsplatsen: avsluta dem först
lineSettingsTitle = Arbetsplatsens telefonlinje
lineSettingsOpen = Telefonlinje
lineSettingsHelp = Arbetsplatsens eget SIP-konto i växeln: adressen och lösenordet som växeln gav den här anknytningen. Enter sparar och registrerar; linjens läge syns ovanför samtalen. Utan linje kopierar Enter numret som förut.
lineSettingsPasswordKept = Ett lösenord är satt: lämna fältet tomt för att behålla det
lineSettingsRemove = Ta bort linjen
lineDeviceRinger = Ringsignal i
lineDevicePlaybackLabel = Den som ringer hörs i (headset)
lineDeviceCaptureLabel = Mikrofon
lineDeviceAny = motorns val
lineSettingsSaved = Linjen är sparad: { $account } ({ $transport }); registreras i växeln
lineSettingsRemoved = Arbetsplatsens telefonlinje är borttagen; Enter kopierar numret igen
lineNoNumber = Det finns inget nummer att koppla samtalet till: välj en person eller en roll med nummer
lineNoSuchCall = Samtalet finns inte längre vid arbetsplatsen
lineNotNow = Det går inte att göra med samtalet som det står nu
lineLogFailed = Samtalsloggen kunde inte skrivas ({ $detail }); själva samtalet fortsätter
lineHeldLong = { $caller } har väntat parkerad i { $seconds } sekunder: gå tillbaka till den som ringer
lineRestarting = Telefonmotorn stannade; den startas igen
lineFailedMark = Kopplingen till { $to } misslyckades: { $why }
lineDemo = Demolinje: påhittade uppringare, ingen växel. Kopplingar till anknytningar besvaras, till andra nummer inte
lineBusy = i telefon
lineRinging = ringer
callsPanel = Samtal
callsNone = Inga samtal vid arbetsplatsen
callStateRinging = ringer
callStateCalling = ringer tillbaka
callStateTalking = på linjen
callStateHeld = parkerad
callStateTransferring = kopplas till { $to }
callStateConsulting = parkerad: du ringer { $to }
callStateColleagueOn = parkerad: { $to } är på linjen med dig
callsKeys = Ctrl+Enter svarar på nästa · Ctrl+H parkerar eller återtar · Ctrl+E lägger på · Enter kopplar · Shift+Enter frågar först, kopplar sedan
callTransferring = Den som ringer kopplas till { $to }…
callConsulting = Ringer { $to }; den som ringer är parkerad
callNoCall = Inget samtal vid arbetsplatsen att göra det med
