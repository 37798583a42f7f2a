## Vaihde's words in Finnish. The window and the CLI both read this file.

## The window

stateIn = paikalla
stateAway = poissa
stateBusy = varattu
stateTentative = ehkä poissa
stateOutsideHours = aukioloajan ulkopuolella
stateLeft = lopettanut
stateOutsider = ei työntekijä
reasonHoliday = loma
reasonSick = sairas
reasonOutOfOffice = poissa toimistolta
reasonTraining = koulutus
reasonMeeting = palaveri
reasonTentative = alustava
reasonOther = muu
transferTo = Yhdistä
enterCopies = Enter kopioi
enterPutsThrough = Enter yhdistää
chain = Kuka hoitaa
awayNow = Poissa nyt
feeds = Kalenterit
incoming = Puhelu numeroon
caller = soittaja
withheld = numero salainen
lastSync = viimeksi luettu
neverSynced = ei vielä luettu
unmatched = ei tunnistettu
search = Hae nimellä, roolilla, aiheella tai numerolla
allCompanies = Kaikki yritykset
thisCompany = Tämä yritys
open = auki
closed = suljettu
noResults = Ei osumia
# Nobody in the call's company, some in others: which, and how many.
foundElsewhere = Ei osumia: { $company }. Löytyy: { $places }
# The window's way to search them all, after foundElsewhere.
foundElsewhereSlash = paina / hakeaksesi kaikista yrityksistä
# The CLI's, after foundElsewhere.
cliFoundElsewhereAll = lisää --all hakeaksesi kaikista
# A covering chain's step, in words as well as by strike-through and bold.
stepSkipped = ohitettu
stepChosen = puhelu tänne
# The results' number, said by a screen reader once typing pauses.
resultsCount = { $count ->
    [one] Yksi tulos
   *[other] { $count } tulosta
}
# Ctrl+I with no card on screen.
cardNothingToRead = Ei korttia luettavaksi
former = lopettanut
outsider = ei työntekijä
callsTo = Puhelut ohjataan
coveredBy = Sijainen
roles = Roolit
topics = Aiheet
away = Poissa
notes = Huomiot
changes = Muutokset 30 päivän ajalta
pickCompany = Vaihda yritys: kirjoita nimi
keysHelp = ↑/↓ siirry · { $enter } · Esc tyhjennä · / (tyhjässä kentässä) kaikki yritykset · PgUp/PgDn vieritä korttia · F6 sivupaneeliin ja takaisin · Ctrl+K yritys · Ctrl+1…9 suosikit · F3 suosikiksi/pois · Ctrl+M merkitse poissa · F2 muokkaa · Ctrl+N uusi henkilö · Ctrl+L lopettanut · Ctrl+D sijaiset · Ctrl+J muistiinpano · F7 ota viesti · F8 viestit ja soittopyynnöt · F9 puhelu neuvottu · F10 puhelu käsin · F12 luvut · Ctrl+O kirjaudu · F5 synkronoi · F4 kieli · Ctrl+, puhelinlinja · Ctrl+I lue kortti · Ctrl+Shift+C suuri kontrasti · Ctrl+S seuraava puhelukäsikirjoitus · Ctrl+Shift+S muokkaa puhelukäsikirjoituksia · F1 näppäimet
scriptHead = Puhelukäsikirjoitus
scriptUrgent = kiireellinen
scriptRequired = pakollinen
scriptGoesTo = Menee: { $where }
scriptOnCall = päivystäjälle
scriptMore = Ctrl+S seuraava käsikirjoitus ({ $n }/{ $count })
scriptShown = Puhelukäsikirjoitus: { $name }
contrastOn = Suuri kontrasti päällä
contrastOff = Suuri kontrasti pois
markAway = Merkitse poissaolevaksi
backOn = Takaisin (27.11., 27.11. klo 14, huomenna, perjantai, +3)
untilHelp = Enter tallentaa · Esc peruu
reasonOptional = Syy (vapaaehtoinen)
keysTitle = Näppäimet
languages = Kielet
copied = Kopioitu
editPerson = Muokkaa henkilöä
newPerson = Uusi henkilö
givenName = Etunimi
familyName = Sukunimi
titleField = Titteli
department = Osasto
aliases = Tunnetaan myös nimellä (pilkuin)
topicsField = Hoitaa (aiheet pilkuin)
emails = Sähköpostiosoitteet
extension = Sisäinen numero
direct = Suora numero
mobile = Matkapuhelin
notesField = Muistiinpanot
outsiderBox = Ei työntekijä (usein kysytty ulkopuolinen)
saveHelp = Enter tallentaa · Esc peruu · Tab seuraava kenttä
markLeft = Lopettanut yrityksessä
lastDay = Viimeinen päivä (30.11., tänään, perjantai)
reason = Syy
callsToPerson = Puhelut ohjataan kollegalle: kirjoita nimi
callsToText = …tai mitä soittajalle kerrotaan
delegatesTitle = Sijaiset järjestyksessä
delegatesHelp = Kirjoita nimi, Enter lisää · Delete poistaa viimeisen · Enter tyhjällä rivillä tallentaa · Esc peruu
addNote = Lisää muistiinpano
firstRunTitle = Tervetuloa Vaihteeseen
firstRunIntro = Hakemisto on tyhjä. Miten haluat aloittaa?
tryDemo = Kokeile esittelyaineistoa
tryDemoHelp = Kolme kuvitteellista yritystä omassa hakemistossaan ({ $dir }): oma hakemistosi pysyy tyhjänä.
startWithFile = Aloita henkilöstötiedostolla
startWithFileHelp = Ensimmäisen asiakasyrityksen henkilöstö CSV-, Excel- (.xlsx) tai vCard-tiedostona. Lisää yrityksiä ja tiedostoja myöhemmin komennolla vaihde import.
refuseNotATeamAddress = Tiimin tietokannan osoite alkaa postgres:// (kysy koko osoite sen ylläpitäjältä)
refuseTeamUnreachable = Tiimin tietokantaa ei voitu avata: { $detail }. Tarkista osoite, verkko ja salasana ja yritä uudelleen
joinTeam = Liity tiimin tietokantaan
joinTeamHelp = Tiimin työpisteet jakavat yhden luettelon PostgreSQL-tietokannassa: liitä sen osoite (postgres://käyttäjä@palvelin/kanta?sslmode=require). Tämä työpiste muistaa sen; myös tämän koneen komentorivi käyttää sitä.
joinTeamField = Tiimin tietokannan osoite
joinTeamButton = Liity
companyNameField = Yrityksen nimi
languageField = Kieli, jolla soittajat tervehditään
timezoneField = Aikavyöhyke
staffFileField = Henkilöstötiedosto (valitse, tai kirjoita polku)
importStart = Tuo ja aloita
syncNow = Synkronoi nyt
syncing = Synkronoidaan
syncFailed = epäonnistui
syncRoundFailed = Kalenterien synkronointi ei onnistunut ({ $detail }); se yrittää itse uudelleen, F5 yrittää heti. Kalentereista tulevat tilat voivat olla vanhentuneita.
syncStopped = Kalenterien synkronointi on pysähtynyt ({ $detail }): käynnistä Vaihde uudelleen. Siihen asti kalentereista tulevat tilat eivät päivity.
syncFeedsFailed = { $count ->
    [one] Yhtä kalenteria ei voitu lukea
   *[other] { $count } kalenteria ei voitu lukea
}: kalenteripaneeli kertoo miksi.
refuseTeamAway = Tiimin tietokantaan ei saada yhteyttä, joten mitään ei voi nyt muuttaa; mitään ei tallennettu. Vaihde yhdistää itse uudelleen: yritä uudelleen, kun ilmoitus on poistunut.
teamAwayCopy = Tiimin tietokantaan ei saada yhteyttä ({ $since } alkaen). Tämä työpiste näyttää omaa kopiotaan ajalta { $copied }: haku ja kortit toimivat, muutokset odottavat yhteyttä. Vaihde yhdistää itse uudelleen.
teamAwayNoCopy = Tiimin tietokantaan ei saada yhteyttä ({ $since } alkaen), eikä tällä työpisteellä ole siitä vielä kopiota: haku toimii muistista, kortteja ei voi avata. Vaihde yhdistää itse uudelleen.
syncByOtherDesk = Tiimin kalenterit hakee { $desk }: sen haku oli käynnissä, joten tämä työpiste ei hakenut samoja uudelleen. Tulokset näkyvät täällä sitä mukaa kuin ne tulevat.
anotherDesk = toinen työpiste
language = Kieli
saved = Tallennettu
feedNotes = huomiot
nothingToTransfer = Ei ketään, kenelle yhdistää: ota viesti. Mitään ei kopioitu.
nothingSelected = Ketään ei ole valittu: mitään ei kopioitu.
nothingShown = Kortti vaihtuu vielä: mitään ei kopioitu. Paina Enter uudelleen.
copyFailed = Leikepöytä ei ottanut numeroa: valitse se itse
notThisCall = ei tämän puhelun yritys
otherCompany = toinen yritys
role = rooli
topic = aihe
handledBy = Kuka hoitaa, järjestyksessä
timeForms = Kirjoita päivä tai aika näin: 27.11., 27.11. 14.00, klo 14, huomenna, perjantai tai +3 (päivää tästä).
oldNumbers = Vanhat numerot, eivät enää käytössä: älä yhdistä
leftOn = Lopettanut yrityksessä
suggestion = mainitsee vain yhden nimen
suggestionKeys = F6, sitten Enter: kyllä hän · Delete: ei hän
nowNames = merkitsee nyt poissaolevaksi
noLongerNames = ei enää merkitse poissaolevaksi
confirmed = Vahvistettu
dismissed = Hylätty
formKeys = Lomakkeessa: Enter tallentaa · Esc peruu · Tab / Shift+Tab siirtää kentästä toiseen
pickHelp = Enter vaihtaa · Esc peruu
closeHelp = Esc sulkee
error = Virhe

## Päivät ja kellonajat (muuttujat: ks. en.ftl)

weekdayShort = { $weekday ->
    [mon] ma
    [tue] ti
    [wed] ke
    [thu] to
    [fri] pe
    [sat] la
   *[sun] su
}
monthShort = { $monthname ->
    [jan] tammi
    [feb] helmi
    [mar] maalis
    [apr] huhti
    [may] touko
    [jun] kesä
    [jul] heinä
    [aug] elo
    [sep] syys
    [oct] loka
    [nov] marras
   *[dec] joulu
}
moment = { weekdayShort } { $day }.{ $month }. klo { $hour }.{ $minute }
day = { weekdayShort } { $day }.{ $month }.
date = { $day }.{ $month }.{ $year }
clock = { $hour }.{ $minute }

## Tila

withReason = { $state } ({ $reason })
chipBack = { $status } · takaisin { $when }
chipOpens = { $status } · aukeaa { $when }
callsGoThrough = puhelut yhdistetään

## Kuka hoitaa: miten ketju eteni

viaAskedFor = kysytty
viaDelegateOf = sijainen: { $name }
viaRole = rooli { $name }
viaTopic = aihe { $name }
viaCallsOf = { $name }: puhelut ohjattu
viaOnCall = päivystää ({ $name })
onCallNow = Päivystää nyt: { $name } { $until } asti
onCallNext = seuraavaksi { $name } { $from } alkaen
onCallNobodyNow = Päivystyskalenteri { $rota } ei nimeä nyt ketään: kysy asiakkaalta, kuka päivystää
onCallEndsSoon = Päivystyskalenteri { $rota } päättyy { $when }: pyydä asiakkaalta seuraavat vuorot
skipNoNumber = ei numeroa, johon yhdistää
skipOnThePhone = toisessa puhelussa: yhdistettyyn ei vastattaisi
whyTakesCalls = { $name } ottaa puheluja nyt
whyCovering = { $name } ({ $via }) ottaa puheluja nyt
whyRedirected = tämän henkilön puhelut ohjataan nyt tänne
whyNobody = kukaan ketjussa ei voi ottaa puhelua
noteLeft = Lopetti { $date }; puhelut ohjataan: { $callsTo }
noteNotEmployee = Ei työntekijä; puhelut ohjataan: { $callsTo }
callsToRole = rooli { $name }
callsToRemovedPerson = henkilö #{ $id } (poistettu)
callsToRemovedRole = rooli #{ $id } (poistettu)
phoneExtension = sisäinen numero
phoneDirect = suora numero
phoneMobile = matkapuhelin
phoneOther = muu numero
emailLabel = sähköposti

## Kalenteri, jonka viimeisin luku epäonnistui

calendarFailing = Kalenteri { $name }: { $problem } ({ $last })
lastSyncAt = viimeksi luettu { $when }

## Mitä soittajalle voi sanoa (yrityksen kielellä)

callerLeft = { $name } ei enää työskentele meillä.
callerClosed = Olemme avoinna taas { $back }.
callerAwayUntil = { $name } { callerWhy }, takaisin { $back }.
callerAway = { $name } { callerWhy }.
callerWhy = { $why ->
    [busy] on palaverissa
    [holiday] on lomalla
    [sick] on poissa tänään
    [training] on koulutuksessa
    [phone] puhuu juuri toista puhelua
   *[other] ei ole tavoitettavissa
}
callerTakenOver = { $colleague } hoitaa nyt hänen asiansa – yhdistänkö?
callerCovering = { $colleague } hoitaa asiat sillä aikaa – yhdistänkö?
callerMessage = Voinko ottaa viestin?

## Virheet lajeittain; tarkemmin perässä

errorNotFound = Ei löytynyt
errorAmbiguous = Useampi osuma
errorInvalid = Ei voi tallentaa
errorInvalidTime = Päivää tai aikaa ei voitu lukea
errorStore = Hakemistoa ei voitu lukea tai kirjoittaa
errorCorrupt = Tallennetut tiedot ovat vioittuneet
errorBadRequest = Ikkuna pyysi jotain, mitä ydin ei tunne
errorInternal = Ikkunan ja ytimen välillä meni jotain vikaan
errorSync = Kalenterien luku epäonnistui

## Mikä kalenterin luvussa meni vikaan

problemNotPublic = kalenteri ei ole enää julkinen (palvelin esti pääsyn, HTTP { $status }): julkaise se uudelleen tai päivitä osoite
problemGone = osoitteessa ei ole enää kalenteria (HTTP { $status }): julkaisu on ehkä lopetettu tai siirretty
problemSlowDown = kalenteripalvelin pyytää hidastamaan (HTTP 429); Vaihde yrittää myöhemmin uudelleen
problemServerTrouble = kalenteripalvelimella on ongelma (HTTP { $status }); Vaihde yrittää uudelleen
problemUnexpectedStatus = kalenteripalvelin vastasi HTTP { $status } kalenterin sijaan
problemTimeout = kalenteripalvelin ei vastannut ajoissa; Vaihde yrittää uudelleen
problemRedirectLoop = osoite ohjaa edelleen liian monta kertaa (silmukka): tarkista osoite
problemTls = suojattua yhteyttä kalenteripalvelimeen ei saatu (varmenne- tai TLS-ongelma)
problemNameNotFound = kalenteripalvelimen nimeä ei löytynyt: tarkista osoite
problemUnreachable = kalenteripalvelimeen ei saatu yhteyttä; Vaihde yrittää uudelleen
problemDownloadFailed = kalenteria ei voitu ladata; Vaihde yrittää uudelleen
problemTooLarge = kalenteri on yli { $megabytes } Mt: onko osoite oikea?
problemBadAddress = vain http-, https-, webcal- ja file-osoitteet luetaan: tarkista osoite
problemFileUnreadable = kalenteritiedostoa ei voi lukea: { $detail }
problemUnreadable = kalenteria ei voi lukea: { $detail }
problemForeign = { $detail }

## The CLI

cliSay = Sano
cliNote = Huom.
cliNoOneToTransfer = Ei ketään, jolle yhdistää
cliNoFallback = Ei ketään, jolle yhdistää, eikä yritykselle ole asetettu varaohjetta
cliHintCompanies = `vaihde company list` näyttää ne
cliHintRoles = `vaihde role list` näyttää ne
cliHintFeeds = `vaihde feed list` näyttää ne
cliAdded = Lisätty { $name } (#{ $id }) yritykseen { $company }
cliUpdated = { $name } päivitetty
cliUnchanged = { $name } ennallaan
cliMarkedLeft = { $name } merkitty lopettaneeksi { $date }
cliCoveredBy = Sijainen
cliAway = Poissa
cliNoDelegates = ei sijaisia
cliRole = rooli
cliNoGreeting = tervehdystä ei ole asetettu
cliNoCompanyAnswers = Mikään yritys ei vastaa numeroon { $number }: tarkista numerot komennolla `vaihde company list`
cliCaller = Soittaja
cliNumberWithheld = salainen numero
cliNotInDirectory = { $number }, ei hakemistossa
cliAbsenceRemoved = Poissaolo #{ $id } poistettu
cliFeedAdded = Kalenteri #{ $id } ({ $address }) lisätty yritykselle { $company }; lue se komennolla `vaihde sync`
cliNever = ei koskaan
cliFeedPerson = henkilön
cliFeedShared = jaettu
cliFeedSummary = viimeksi luettu { $last }, { $absences } poissaoloa
cliUnmatched = tunnistamaton (rivi { $line }): { $summary }
cliConfirmed = vahvistettu: { $name }, joka on sen ajan poissa
cliDismissed = ei koske henkilöä { $name }; myöhemmät synkronoinnit jättävät sen tunnistamatta
cliFeedRemoved = Kalenteri #{ $id } poistettu
cliSynced = { $absences } poissaoloa, { $unmatched } tunnistamatonta
cliSyncUnchanged = ei muutoksia
cliSyncFailed = EPÄONNISTUI: { $problem } (viimeisin hyvä tieto säilyy)
cliWarning = varoitus
cliFeedsFailed = { $failed }/{ $total } kalenteria epäonnistui
cliAnotherDesk = toinen työpiste
cliSyncByOtherDesk = { $desk } hakee tiimin kalentereita juuri nyt; tulokset näkyvät kaikilla työpisteillä, kun se on valmis. Mitään ei haettu kahteen kertaan.
cliSyncNothingDue = Mitään ei tarvinnut hakea: jokainen kalenteri on haettu välin sisällä (tältä tai toiselta työpisteeltä)
cliStaffFeedAdded = Henkilöstölähde #{ $id } ({ $address }) lisätty yritykselle { $company }; lue se komennolla `vaihde sync`. Se ei koskaan poista ketään: ne, joita se ei enää listaa, merkitään sinulle.
cliStaffFeedRemoved = Henkilöstölähde #{ $id } poistettu; sen tuomat henkilöt jäävät
cliFeedStaff = henkilöstö
cliStaffFeedSummary = viimeksi luettu { $last }, { $listed ->
    [one] yksi henkilö
   *[other] { $listed } henkilöä
}
cliStaffSynced = { $listed } listattu: { $added } uutta, { $updated } päivitetty, { $gone } ei enää listassa
cliStaffGone = { $name }: ei enää lähteessä { $source } { $since } alkaen — onko { $name } lähtenyt? `vaihde person leave`
cliStaffBack = { $name }: taas lähteessä { $source }
cliStaffFeedsFailed = { $failed }/{ $total } henkilöstölähdettä epäonnistui
cliTeamNeedsDatabase = Mikä tiimin tietokanta? Anna se valitsimella --database postgres://käyttäjä@palvelin/kanta (tai VAIHDE_DATABASE_URL)
cliTeamNoLocal = Hakemistossa { $dir } ei ole kopioitavaa luetteloa: anna työpisteen oma valitsimella --data-dir
cliTeamNotEmpty = Tiimin tietokannassa { $database } on jo luettelo ({ $companies } yritystä, { $people } henkilöä): --from-local kopioi vain tyhjään. Mitään ei kopioitu.
cliTeamCopyFailed = Kopiointi ei valmistunut ({ $detail }); mitään ei kopioitu, tiimin tietokanta on ennallaan
cliTeamCopied = Kopioitu { $companies } yritystä, { $people } henkilöä ja { $changes } muutosta ({ $tables } taulua, jokainen laskettu molemmista päistä) yhdessä transaktiossa
cliTeamReady = Tiimin tietokanta { $database } on valmis ({ $companies } yritystä, { $people } henkilöä). Työpisteet liittyvät komennolla: vaihde --database <sama osoite>, tai VAIHDE_DATABASE_URL ympäristössä
cliTeamDatabase = Tietokanta { $database } ({ $engine } { $version }, skeema { $schema })
cliTeamDirectory = Luettelo: { $companies } yritystä, { $people } henkilöä
cliTeamDesks = { $desks ->
    [0] Yhtään työpisteen ikkunaa ei ole auki
    [one] Yksi työpisteen ikkuna auki
   *[other] { $desks } työpisteen ikkunaa auki
}
cliTeamConnections = { $connections ->
    [one] 1 yhteys
   *[other] { $connections } yhteyttä
}
cliTeamSyncHeld = Kalenterihaku: { $desk } hakee juuri nyt
cliTeamSyncFree = Kalenterihaku: mikään työpiste ei hae juuri nyt
cliTeamLastSync = Viimeksi haettu kalenteri: { $last }
cliCompanyAdded = Lisätty { $name } ({ $slug }), id { $id }
cliLanguage = kieli
cliOpen = auki
cliDayMon = ma
cliDayTue = ti
cliDayWed = ke
cliDayThu = to
cliDayFri = pe
cliDaySat = la
cliDaySun = su
cliRestored = Palautettu { $companies } yritystä ja { $people } henkilöä tiedostosta { $file }
cliDemoCompany = { $people } henkilöä, { $absences } poissaoloa
cliDemoCalendars = { $absences } poissaoloa luettu esittelyn kalentereista (vaihde feed list)
cliDemoGenerated = { $people } tuotettua henkilöä { $companies } lisäyrityksessä
cliDemoLoaded = Esittelyaineisto ladattu hakemistoon { $dir }
cliReadAs = Luettu muodossa { $format }
cliImported = { $added } lisätty, { $updated } päivitetty, { $unchanged } ennallaan
cliImportWouldBe = { $added } lisättäisiin, { $updated } päivitettäisiin, { $unchanged } ennallaan (mitään ei tallennettu)
cliLine = rivi { $line }
cliColumnsIgnored = Sarakkeita ei tuotu: { $columns } (tuo ne valitsimella --map "Otsikko=kenttä")
cliMissing = Ei tiedostossa, yhä henkilöstönä ({ $count }):
cliMissingHint = Jos he ovat lopettaneet: vaihde person leave '#ID' --on PÄIVÄ [--calls-to-person NIMI]
cliNoCompanies = yrityksiä ei ole vielä: lisää yritys komennolla `vaihde company add` tai lataa esittelyaineisto komennolla `vaihde demo`
cliWhichCompany = mikä yritys? anna --company, jokin näistä: { $companies }
cliNobodyMatches = yrityksessä { $company } ei ole ketään haulla ”{ $query }”
cliAwayCount = { $count } poissa { $at } yrityksessä { $company }

## Changed fields, in the changes list

fieldKind = laji
fieldGivenName = etunimi
fieldFamilyName = sukunimi
fieldAliases = tunnetaan myös
fieldTitle = titteli
fieldDepartment = osasto
fieldTopics = aiheet
fieldPhones = numerot
fieldEmails = sähköposti
fieldLanguages = kielet
fieldNotes = huomiot
fieldLeft = lopettanut
fieldCallsTo = puhelut ohjataan
fieldHolders = hoitajat
fieldDelegates = sijaiset
fieldCalendar = kalenteri
fieldCalendarMatch = kalenterin tunnistus
fieldAbsence = poissa
fieldAlias = tunnetaan myös
fieldTopic = aihe
fieldLanguage = kieli
fieldEmail = sähköpostiosoite
fieldPhoneNumber = puhelinnumero
fieldPhoneLabel = numeron selite
fieldLeftReason = lopettamisen syy
fieldCallsToText = minne puhelut ohjataan
fieldCompanyName = yrityksen nimi
fieldGreeting = tervehdys
fieldCompanyNumber = yrityksen numero
fieldNumberLabel = numeron selite
fieldCompanyNotes = yrityksen huomiot
fieldFallback = kun kukaan ei vastaa
fieldRoleName = roolin nimi
fieldRoleAlias = roolin muu nimi
fieldLabel = nimi
fieldReason = syy
changeAdded = lisätty
changeRemovedWithAbsences = poistettu poissaoloineen
changeAddedOutsider = lisätty (ei työntekijä)
changeFeedAdded = lisätty ({ $address })
changeGoneFrom = ei enää lähteessä { $source }
changeListedAgain = taas lähteessä { $source }
changeRemoved = poistettu
changeLeft = lopetti { $date }
changeLeftBecause = lopetti { $date } ({ $reason })
changeStaff = työntekijä
changeAbsence = { $reason } { $from } – { $until }
changeCalendarConfirmed = ”{ $summary }” ({ $feed }) koskee häntä: vahvistettu
changeCalendarDismissed = ”{ $summary }” ({ $feed }) ei koske häntä: hylätty
changeRole = roolin { $name } hoitaja
changeYes = kyllä
changeNo = ei
changeBy = tekijä { $actor }

## Why the directory said no (refusals), and what it looks up
thingCompany = yritys
thingScript = puhelukäsikirjoitus
thingPerson = henkilö
thingRole = rooli
thingFeed = kalenteri
thingAbsence = poissaolo
thingSuggestion = ehdotus
refuseNotFound = haulla ”{ $query }” ei löydy: { $what }
refuseAmbiguous = ”{ $query }” sopii useampaan ({ $what }): { $candidates }. Käytä tunnistetta tai koko nimeä
refuseNoName = henkilöllä on oltava nimi: täytä etu- tai sukunimi
refuseNotAnEmail = ”{ $value }” ei ole sähköpostiosoite (muoto nimi@esimerkki.fi)
refuseTooLong = { $field }: { $len } merkkiä (”{ $excerpt }”); enintään { $limit } mahtuu: lyhennä
refuseCallsToSelf = puheluita ei voi ohjata samalle henkilölle: valitse kollega tai kirjoita, minne ne ohjataan
refuseCallsToOtherCompany = { $name } on toisen yrityksen palveluksessa: puhelut voi ohjata saman yrityksen kollegalle
refuseCallsToFormer = myös { $name } on lopettanut: valitse nykyinen kollega
refuseCallsToForeignRole = rooli kuuluu toiselle yritykselle
refuseMovesCompany = henkilöä ei voi siirtää yrityksestä toiseen: lisää hänet toiseen yritykseen
refuseCoversSelf = { $name } ei voi olla oma sijaisensa
refuseOtherCompany = { $name } on toisen yrityksen palveluksessa
refuseFormerDelegate = { $name } on lopettanut eikä voi olla sijainen
refuseDatesReversed = ajanjakso { $from } – { $until } päättyy ennen kuin alkaa
refuseAbsenceReversed = poissaolo päättyy ({ $until }) ennen kuin alkaa ({ $from }): tarkista alku ja loppu
refuseFromCalendar = poissaolo tulee kalenterista: muuta se siellä ja synkronoi
refuseEmptyNote = huomio on tyhjä
refuseRoleNeedsName = roolilla on oltava nimi, kuten ”HR” tai ”toimitusjohtaja / CEO”
refuseListedTwice = { $name } on kahdesti roolissa { $role }
refuseNobodyHoldsRole = kukaan ei hoida tätä roolia: aseta ensin hoitajat
refuseCompanySlug = yrityksen tunnisteessa ”{ $slug }” saa olla vain pieniä kirjaimia, numeroita ja ”-”, kuten ”rakennus-oy”
refuseCompanyNeedsName = yrityksellä on oltava nimi
refuseCompanyExists = yritys tunnisteella ”{ $slug }” on jo olemassa
refuseUnknownZone = tuntematon aikavyöhyke ”{ $zone }”: käytä IANA-nimeä kuten Europe/Helsinki
refuseHoursReversed = aukioloaika ({ weekdayShort }): sulkeutuminen { $closes } ei ole avautumisen { $opens } jälkeen
refuseNotANumber = ”{ $number }” ei ole puhelinnumero
refuseNumberTaken = numeroon { $number } vastataan jo yrityksen { $company } nimissä: yksi numero, yksi yritys
refuseFavouritesFull = kaikki { $max } pikapaikkaa ovat käytössä: poista ensin yksi (F3 sen yrityksen kohdalla)
refuseNotACalendarAddress = { $address } ei ole kalenterin osoite: käytä https://, http://, webcal:// tai tiedostopolkua
refuseDemoFailed = esittelyaineistoa ei voitu ladata: { $detail }
refuseChangedMeanwhileBy = { $by } muutti henkilön { $name } tietoja { $unit ->
        [now] juuri äsken
        [seconds] { $n ->
            [one] { $n } sekunti
           *[other] { $n } sekuntia
        } sitten
        [minutes] { $n ->
            [one] { $n } minuutti
           *[other] { $n } minuuttia
        } sitten
        [hours] { $n ->
            [one] { $n } tunti
           *[other] { $n } tuntia
        } sitten
        [days] { $n ->
            [one] { $n } päivä
           *[other] { $n } päivää
        } sitten
       *[unknown] sen jälkeen, kun avasit ne
    } — lataa tiedot uudelleen ja yritä uudestaan
refuseChangedMeanwhile = henkilön { $name } tietoja muutettiin { $unit ->
        [now] juuri äsken
        [seconds] { $n ->
            [one] { $n } sekunti
           *[other] { $n } sekuntia
        } sitten
        [minutes] { $n ->
            [one] { $n } minuutti
           *[other] { $n } minuuttia
        } sitten
        [hours] { $n ->
            [one] { $n } tunti
           *[other] { $n } tuntia
        } sitten
        [days] { $n ->
            [one] { $n } päivä
           *[other] { $n } päivää
        } sitten
       *[unknown] sen jälkeen, kun avasit ne
    } — lataa tiedot uudelleen ja yritä uudestaan
refuseSyncOff = kalenterit eivät synkronoidu täällä: käytä komentoa `vaihde sync`

## Viestit, soittopyynnöt ja puheluloki
thingMessage = viesti
thingCall = puhelu
refuseNoOperatorName = kirjaudu nimelläsi: vuoron viestit, puhelut ja luvut merkitään sinulle
refuseMessageEmpty = viestissä ei ole mitään: kirjoita, mitä soittaja haluaa, tai valitse ”soittopyyntö”
refuseNobodyToSendTo = viestille ei ole vastaanottajaa: lisää vastaanottajan sähköposti tai aseta yritykselle { $company } viestiosoite (vaihde messaging { $company } --address …)
refuseCallbackClaimed = { $by } on jo ottanut tämän soittopyynnön
refuseNoOpenCallback = viestillä #{ $id } ei ole avointa soittopyyntöä
refuseNotAMailServer = ”{ $address }” ei ole postipalvelimen osoite: käytä muotoa smtps://käyttäjä:salasana@palvelin tai smtp://palvelin:portti
refuseNotAMailbox = ”{ $address }” ei ole postilaatikon osoite: käytä muotoa imaps://käyttäjä:salasana@palvelin[:993][/KANSIO] (imap:// vain tällä koneella)
refuseAnswerMissing = puhelukäsikirjoitus kysyy ”{ $label }”: vastaa siihen ennen lähettämistä
refuseNotAChoice = ”{ $value }” ei ole vastaus kysymykseen ”{ $label }”: valitse { $choices }
refuseScriptName = käsikirjoitus tarvitsee nimen: puhelutyyppi asiakkaan sanoin
refuseScriptDays = ”{ $text }” ei ole luettelo päivistä: käytä muotoa ma-pe, la,su tai ma
refuseScriptHours = ”{ $text }” ei ole kellonaikaväli: käytä muotoa 17:00-08:00 (yli puolenyön käy)
refuseScriptDates = ”{ $text }” ei ole päivämääräväli: käytä muotoa 2026-12-24..2026-12-26 tai yhtä päivää
refuseScriptQuestion = ”{ $text }” ei ole kysymys: käytä muotoa LAJI:OTSIKKO, jossa LAJI on name, number, address, text tai choice (choice:OTSIKKO:a|b), ja loppuun :required, jos siihen on vastattava
refuseScriptGoesTo = ”{ $text }” ei kerro, minne puhelut menevät: käytä muotoa person:NIMI, role:NIMI, on-call tai address:SÄHKÖPOSTI
refuseScriptSay = ”{ $text }” ei ole sanottava: käytä muotoa KIELI:TEKSTI, jossa KIELI on fi, sv tai en
refuseScriptAnswer = ”{ $text }” ei ole vastaus: käytä muotoa OTSIKKO=ARVO, otsikko kuten käsikirjoitus kysyy
refuseNotAWebhook = ”{ $address }” ei ole verkko-osoite: webhookin osoite alkaa https:// tai http://
refuseBadMapping = ”{ $mapping }” ei ole sarakemääritys: kirjoita muodossa "Otsikko=kenttä", kenttänä jokin näistä: { $fields }
fieldForWords = kenelle
fieldCallerName = soittajan nimi
fieldCallerOrg = soittajan organisaatio
fieldCallerNumber = soittajan numero
fieldCallerEmail = soittajan sähköposti
fieldMessageBody = viesti
fieldCallbackWhen = milloin soittaa takaisin
fieldSaid = mitä soittajalle kerrottiin
fieldRecipient = vastaanottaja
fieldRecipientName = vastaanottajan nimi
fieldMailFrom = lähettäjän osoite
fieldOnCall = päivystyksen rooli tai aihe
fieldNote = muistiinpano
fieldLineAccount = SIP-tili
fieldLineUser = tunnistautumistunnus
fieldLinePassword = salasana
fieldLineTransport = yhteystapa
fieldLineCaFile = puhelinvaihteen varmenteen myöntäjä (PEM-tiedosto)
fieldLineDevice = äänilaite
fieldScriptName = puhelutyyppi
fieldScriptDays = päivät
fieldScriptHours = kellonajat
fieldScriptDates = päivämäärät
fieldScriptNumber = valittu numero
fieldScriptSay = mitä sanotaan
fieldScriptQuestions = kysymykset, yksi riville
fieldScriptGoesTo = minne puhelu menee
fieldFile = tiedosto
fieldAddress = osoite
fieldOn = viimeinen päivä
fieldUntil = asti
fieldMessageAddress = viestiosoite
fieldSummaryTo = yhteenvedon osoite
fieldAskedFor = kysytty
messageQueued = ei vielä lähetetty
messageSent = lähetetty
messageFailed = ei toimitettu
messageAcknowledged = nähty
messageDone = hoidettu
mailUnknownCaller = tuntematon soittaja
mailSubjectCallback = Soittopyyntö: { $caller }
mailSubjectMessage = Viesti: { $caller }
mailUrgent = KIIREELLINEN
mailFor = Kenelle
mailCaller = Soittaja
mailCallerOrg = Organisaatio
mailCallerNumber = Numero
mailCallerEmail = Sähköposti
mailTopic = Asia
mailCallback = Soita takaisin
mailCallbackYes = kyllä
mailCallbackBy = viimeistään { $at }
mailSaid = Soittajalle kerrottiin
mailTaken = Vastaanotti { $operator } { $at } (viesti #{ $id })
reportTitle = { $company }: { $since } – { $until }
reportCalls = { $calls ->
        [one] 1 puhelu
       *[other] { $calls } puhelua
    }: { $transferred } yhdistetty, { $messages } viestiä otettu, { $information } neuvottu, { $none } ilman lopputulosta
reportMessages = { $count ->
        [0] Ei viestejä
        [one] 1 viesti
       *[other] { $count } viestiä
    }
reportCallbacks = { $count ->
        [0] Ei avoimia soittopyyntöjä
        [one] 1 avoin soittopyyntö
       *[other] { $count } avointa soittopyyntöä
    }
cliNotSentYet = ei vielä lähetetty: { $error }
cliNotDelivered = ei toimitettu: { $error }
cliCc = kopio
cliNoMessages = Ei viestejä.
cliEventTaken = vastaanotettu
cliEventTryFailed = ei vielä lähetetty
cliEventSent = lähetetty
cliEventPosted = lähetetty webhookiin
cliEventFailed = ei toimitettu
cliEventAcknowledged = nähty
cliEventDone = hoidettu
cliEventRequeued = jonossa uudelleen
cliEventClaimed = soittopyyntö otettu
cliEventReleased = soittopyyntö vapautettu
cliEventCalledBack = soitettu takaisin
cliEventEscalated = lähetetty eteenpäin, ei kuitattu ajoissa
cliEventAlarm = hälytys: ei enää ketään, jolle lähettää
cliOutboxByOtherDesk = { $desk } lähettää viestejä parhaillaan; tämä työpiste jättää ne sille
cliOutboxEmpty = Lähtevät on tyhjä: kaikki viestit on lähetetty.
cliNoCallbacks = Ei odottavia soittopyyntöjä.
cliOverdue = MYÖHÄSSÄ
cliClaimedBy = ottanut { $by }
cliCallbackDone = hoidettu
cliCallbackOpen = odottaa soittajaa
cliSignedIn = { $operator } on kirjautunut työpisteeseen { $desk } (kielet: { $languages }).
cliSignedOut = { $operator } kirjautui ulos työpisteestä { $desk }.
cliNobodySignedIn = Työpisteeseen { $desk } ei ole kirjautunut ketään.
cliNobodySignedInAnywhere = Mihinkään työpisteeseen ei ole kirjautunut ketään.
cliShiftLine = { $desk }: { $operator } ({ $languages }), { $since } alkaen
cliThisDesk = tämä työpiste
cliNoCalls = Ei puheluita.
callTransferred = yhdistetty: { $name } { $number }
callMessage = viesti #{ $id } ({ $status })
callInformation = neuvottu
callNoOutcome = ei lopputulosta
callOpen = linjalla
cliForgotten = { $number }: { $messages } viestiä ja { $calls } puhelua poistettu
cliMailServer = Postipalvelin
cliReplyMailbox = Kuittausten postilaatikko
cliAckByReply = kuitattu vastauksella
cliNoScripts = Ei puhelukäsikirjoituksia.
cliNoScriptNow = Mikään puhelukäsikirjoitus ei ole nyt voimassa.
cliScriptUrgent = kiireellinen
cliScriptRequired = pakollinen
cliScriptOnCall = päivystäjä
cliScriptAlso = Voimassa myös: { $scripts }
cliScriptRemoved = Poistettu { $name }.
cliNotSet = ei asetettu
cliKeepDays = Puhelut ja viestit säilytetään { $days } päivää.
cliWebhook = Webhook
cliCalledBefore = { $count ->
        [one] soittanut kerran tällä viikolla
       *[other] soittanut { $count } kertaa tällä viikolla
    }; viimeksi { $last }{ $asked } → { $outcome }
cliCallLogged = Puhelu #{ $id } kirjattu (vaihde calls close { $id } --outcome …).
msgTitle = Ota viesti
msgFor = Kenelle
msgTo = Vastaanottajat (sähköpostiosoitteet)
msgCc = Kopio
msgText = Viesti
msgCallback = Soittopyyntö
msgCallbackWhen = Milloin soittajalle sopii
msgUrgent = Kiireellinen
msgSaid = Mitä soittajalle kerrottiin
msgHelp = Enter lähettää (viestikentässä Ctrl+Enter) · Esc peruu
msgSending = Viesti #{ $id } tallennettu; lähetetään…
msgResultSent = Viesti #{ $id } lähetetty
msgResultQueued = Viesti #{ $id } tallennettu, ei vielä lähetetty: { $error }
msgResultFailed = Viestiä #{ $id } ei voitu toimittaa: { $error }
msgPanelTitle = Viestit ja soittopyynnöt
msgCallbacksHead = Odottavat soittopyynnöt
msgTodayHead = Vuorokauden viestit
msgCallsHead = Puhelut numerosta { $number }
msgNone = Ei yhtään.
cbClaim = Otan tämän
cbRelease = Vapauta
cbReached = Tavoitettu
cbCall = Soita
cbNoAnswer = Ei vastannut
cbLeftMessage = Jätin viestin
cbOverdue = myöhässä
cbClaimedBy = ottanut { $by }
msgMarkSeen = Nähty
msgMarkDone = Hoidettu
msgScopeCompany = Näytä vain { $company }
msgScopeAll = Näytä kaikki yritykset
reportSubject = Puhelut ja viestit: { $company }
scriptsTitle = Puhelukäsikirjoitukset: { $company }
scriptsNone = Ei vielä puhelukäsikirjoituksia.
scriptsNew = Uusi puhelukäsikirjoitus
scriptsUrgent = Sen viestit ovat kiireellisiä (kuitataan tai lähetetään eteenpäin)
scriptsSave = Tallenna
scriptsRemove = Poista
scriptsFormHelp = Tyhjä päivät, kellonajat, päivämäärät tai numero: mikä tahansa. Kysymykset yksi riville: name, number, address, text tai choice (choice:OTSIKKO:a|b), loppuun :required, jos siihen on vastattava. Enter tallentaa (tekstikentässä Ctrl+Enter), Esc peruu.
scriptsSaved = Puhelukäsikirjoitus { $name } tallennettu
scriptsRemoved = Puhelukäsikirjoitus { $name } poistettu
langHelpOthers = { $language } ei ole kielesi: { $who } puhuu sitä
langHelpNobody = { $language } ei ole kielesi, eikä kukaan kirjautuneista puhu sitä
opTitle = Kuka on tässä työpisteessä
opName = nimesi
opLanguages = Kielet, joilla palvelet soittajia
opThisDesk = Tämä työpiste: { $desk }. Työpisteen viestit, puhelut ja luvut merkitään tänne kirjautuneelle.
opSignIn = Kirjaudu
opSignOut = Kirjaudu ulos
opSignedInAs = Kirjautunut: { $who }
opSignedIn = { $who } kirjautui tähän työpisteeseen
opSignedOut = Kirjauduit ulos: työpisteen töitä ei merkitä nyt kenellekään
opEveryone = Kirjautuneet työpisteisiin
figuresTitle = Luvut
figuresOpen = Luvut
figuresPeriod = Jakso
figuresDay = tänään
figuresWeek = tällä viikolla
figuresMonth = tässä kuussa
figuresScope = Yritykset
figuresScopeCompany = vain { $company }
figuresScopeAll = kaikki yritykset
figuresCompanies = Yrityksittäin
figuresAgents = Päivystäjittäin
figuresNone = Ei puheluita eikä viestejä tällä jaksolla.
figuresSince = { $since } alkaen
figName = Nimi
figCalls = Puhelut
figAnswerMedian = Vastausaika (mediaani, s)
figHandleMedian = Puhelun kesto (mediaani, s)
figUrgentAcked = Kiireelliset kuitattu
figCallbacksDone = Takaisinsoitot tehty
chartCallsPerHour = Puhelut tunneittain lopputuloksen mukaan
chartAnswerTimes = Vastausaika, linjan puhelut
chartHour = Kellonaika
chartCalls = Puheluita
chartSeconds = Sekuntia vastaukseen
chartPutThrough = yhdistetty
chartMessage = viesti otettu
chartAnswered = vastattu
chartNoOutcome = ei lopputulosta
chartNoCalls = Ei puheluita tällä jaksolla.
chartNoAnswerTimes = Linjalla ei vastattu puheluihin tällä jaksolla.
chartCallsPerHourSaid = { $calls ->
        [one] 1 puhelu
       *[other] { $calls } puhelua
    }; vilkkain tunti { $hour }–{ $next }, { $most ->
        [one] 1 puhelu
       *[other] { $most } puhelua
    }.
chartAnswerTimesSaid = Linjan { $calls } puhelusta { $within } vastattiin 20 sekunnissa.
reportAnswerTimes = Linjalla vastattiin { $median } sekunnissa (mediaani), yhdeksään kymmenestä { $p90 } sekunnissa; puhelun kesto { $handle } s (mediaani)
reportUrgent = Kiireellisiä { $urgent }: kuitattu { $acked }{ $minutes ->
        [none] {""}
       *[other] {" "}(mediaani { $minutes } min)
    }, eteenpäin { $escalated }, hälytyksiä { $alarms }
reportCallbacksDone = Takaisinsoitot: { $done }/{ $count } tehty{ $minutes ->
        [none] {""}
       *[other] , odotus { $minutes } min (mediaani)
    }
reportChartsAttached = Kaaviot liitteenä:
openMessagesHead = Hänelle jätetyt viestit vuorokauden ajalta
cardGoneFrom = Ei enää lähteessä { $source } { $since } alkaen: onko hän lähtenyt? Ctrl+L
cliGoneFrom = Ei enää lähteessä { $source } { $since } alkaen: onko hän lähtenyt? `vaihde person leave`
callClosedAnswered = Puhelu kirjattu neuvotuksi
callByHandTitle = Puhelu käsin
callByHandNumber = Soittajan numero (tyhjä: salainen)
callByHandHelp = Enter kirjaa puhelun yritykselle { $company } ja näyttää soittajan aiemmat puhelut · Esc peruu
# Mitä asiakkaan henkilöstölista kertoi, kunnes vastaaja on nähnyt sen.
learnedAdded = Uusi { $day } alkaen
learnedAddedAs = Uusi { $title } { $day } alkaen
learnedTitle = { $title } { $day } alkaen (ennen { $old })
learnedTitleNew = { $title } { $day } alkaen
learnedGone = Ei enää lähteessä { $source } { $day } alkaen
learnedBadgeAdded = uusi
learnedBadgeTitle = uusi titteli
learnedBadgeGone = ei listalla
learnedFrom = lähde: { $source }
learnedSeen = Nähty
learnedSeenAll = Merkitse kaikki nähdyiksi
sinceShift = Edellisen vuorosi jälkeen
sinceShiftNone = Ei uutta asiakkaiden henkilöstölistoilta
learnedPinned = johto
cliLearnedMarked = { $count ->
    [one] Yksi muutos merkitty nähdyksi
   *[other] { $count } muutosta merkitty nähdyiksi
}
# Kalenteripaneelin henkilöstölistat.
staffFeedKind = henkilöstölista
staffFeedListed = { $count ->
    [one] yksi henkilö
   *[other] { $count } henkilöä
}
staffFeedGone = { $count ->
    [one] yksi ei enää listalla
   *[other] { $count } ei enää listalla
}
staffFeedFailing = viimeisin synkronointi epäonnistui: { $error }
# Mikä henkilöstölistassa meni vikaan (missä kalenterin sanat eivät sovi).
staffProblemNotPublic = henkilöstölista ei ole enää jaettu meille (palvelin esti pääsyn, HTTP { $status }): tarkista osoite ja sen salasana
staffProblemGone = osoitteessa ei ole enää henkilöstölistaa (HTTP { $status }): se on ehkä siirretty
staffProblemServerTrouble = henkilöstölistan palvelimella on ongelma (HTTP { $status }); Vaihde yrittää uudelleen
staffProblemUnexpectedStatus = palvelin vastasi HTTP { $status } henkilöstölistan sijaan
staffProblemSlowDown = henkilöstölistan palvelin pyytää hidastamaan (HTTP 429); Vaihde yrittää myöhemmin uudelleen
staffProblemTimeout = henkilöstölistan palvelin ei vastannut ajoissa; Vaihde yrittää uudelleen
staffProblemTls = suojattua yhteyttä henkilöstölistan palvelimeen ei saatu (varmenne- tai TLS-ongelma)
staffProblemNameNotFound = henkilöstölistan palvelimen nimeä ei löytynyt: tarkista osoite
staffProblemUnreachable = henkilöstölistan palvelimeen ei saatu yhteyttä; Vaihde yrittää uudelleen
staffProblemDownloadFailed = henkilöstölistaa ei voitu ladata; Vaihde yrittää uudelleen
staffProblemTooLarge = henkilöstölista on yli { $megabytes } Mt: onko osoite oikea?
staffProblemFileUnreadable = henkilöstötiedostoa ei voi lukea: { $detail }
staffProblemUnreadable = henkilöstölistaa ei voi lukea: { $detail }
problemListsNobody = lista ei nimeä ketään: hylätty, jotta ketään ei merkitä poistuneeksi; viimeisin onnistunut synkronointi säilyy. Tarkista lähde
problemSuddenDrop = listalla on { $listed } henkilöä, kun viimeisimmässä onnistuneessa synkronoinnissa oli { $before }: hylätty, jotta muita ei merkitä poistuneiksi; viimeisin onnistunut synkronointi säilyy. Tarkista lähde

## What the calendar reader says about a part of a feed (FeedNote, Unreadable)
noteSkipped = rivi { $line }: { $why }; tapahtuma ja sen sarja ohitetaan
noteUnknownZone = rivi { $line }: tuntematon aikavyöhyke ”{ $zone }”; sen ajat luetaan yrityksen aikavyöhykkeessä
noteEndBeforeStart = rivi { $line }: tapahtuma päättyy ennen kuin alkaa; luetaan hetkenä sen alussa
noteTooFineGrained = rivi { $line }: sääntö FREQ={ $freq } on liian tiheä ollakseen poissaolo; ohitetaan
noteTooManyOccurrences = rivi { $line }: sääntö tekee aikaikkunaan yli { $max } toistoa; vain ensimmäiset käytetään
noteCapped = yli { $max } poissaoloa { $days } päivän aikaikkunassa; aikaisimmat { $max } pidetään ({ $until } asti), { $dropped } myöhempää jätetään pois
unreadableLine = riviä ei voi lukea: { $text }
unreadableValue = { $property } ”{ $value }” ei ole sille kelpaava arvo
unreadableNoStart = tapahtumalla ei ole alkua (DTSTART)
unreadableStartTwice = tapahtumalla on kaksi alkua (DTSTART kahdesti): kumpaa tarkoitetaan, ei voi tietää
unreadableUnknownFreq = säännöllä RRULE { $rule } ei ole tunnettua toistotiheyttä (FREQ)
unreadableDstGap = { $property } osuu kesäaikasiirron väliin (aikaan, jonka kello ohittaa)
unreadableRule = sääntöä RRULE { $rule } ei voi laskea auki
unreadableSeries = saman sarjan ({ $uid }) toista osaa ei voi lukea
unreadableTooDeep = osia on sisäkkäin yli { $max } tasoa; mikään kalenteriohjelma ei kirjoita näin
unreadableEndMismatch = END:{ $end } sulkee rivin { $beginLine } BEGIN:{ $begin }
unreadableEndWithoutBegin = END:{ $name } ilman BEGIN-riviä
unreadableNeverClosed = BEGIN:{ $name } ei sulkeudu koskaan: tiedosto näyttää katkenneen
problemBroken = kalenteria ei voi lukea: rivi { $line }: { $why }
problemNotACalendar = tämä ei ole iCalendar-tiedosto (se ei ala rivillä BEGIN:VCALENDAR)
problemNotACalendarWebPage = tämä on verkkosivu eikä kalenteri: onko osoite oikein ja kalenteri yhä julkaistu?
problemNamesNobodyHere = tämä kalenteri ei enää nimeä ketään yrityksestä { $company }: { $absences } poissaoloa, eikä yksikään ole meidän henkilömme. Jos kalenteri on vaihtunut toiseen, tarkista osoite; viimeisimmät hyvät poissaolot säilyvät
problemSomeoneElses = tämä kalenteri näyttää nyt olevan jonkun muun: { $events } tapahtumassa on mukana yrityksen { $other } henkilöitä eikä yhdessäkään { $person }. Tarkista osoite; viimeisimmät hyvät poissaolot säilyvät

## A staff file that cannot be imported, and what its import says (ImportError, import notes)
importAtLine = { $file }, rivi { $line }: { $why }
importAtRow = { $file }, taulukko ”{ $sheet }”, rivi { $row }: { $why }
importInFile = { $file }: { $why }
importIo = tiedostoa { $file } ei voi lukea: { $detail }
importNotFound = tiedostoa { $file } ei ole: tarkista tiedoston nimi ja kansio
importNoPermission = tiedostoa { $file } ei voi lukea: tällä käyttäjällä ei ole oikeutta avata sitä
importEmpty = { $file }: tiedosto on tyhjä
importNoNameColumn = { $file }: otsikoista { $headers } ei löydy nimisaraketta. Odotettiin esim. Etunimi/Sukunimi, Förnamn/Efternamn tai First name/Last name; kohdista omasi valinnalla --map "Otsikko=given_name"
importMapping = --map ”{ $arg }”: { $why }
importMappingForm = kirjoita muodossa "Otsikko=kenttä"
importMappingField = tuntematon kenttä ”{ $field }”; käytä jotakin näistä: { $names }
importRefused = { $why }; mitään ei tuotu
importBrokenCard = vCard { $n } on rikki: { $detail }
importCard = vCard { $n }: { $why }
importCellNotAnEmail = sarake ”{ $header }”: ”{ $value }” ei ole sähköpostiosoite
importCellNotANumber = sarake ”{ $header }”: ”{ $value }” ei ole puhelinnumero
importCardNotAnEmail = EMAIL ”{ $value }” ei ole sähköpostiosoite
importCardNotANumber = TEL ”{ $value }” ei ole puhelinnumero
importNoNameCells = ei nimeä: nimisolut ovat tyhjiä
importCardNoName = siinä ei ole FN- eikä N-kenttää: jokainen kortti tarvitsee nimen
importHeaderUnreadable = otsikkoriviä ei voi lukea: { $detail }
importNotCsv = ei luettavissa CSV-tiedostona: { $detail }
importTooManyCells = { $cells } solua, mutta otsikossa on { $width }; onko erotin oikea? (luetaan erottimella ”{ $delimiter }”; valitse toinen valinnalla --delimiter)
importTooFewCells = { $cells } solua, mutta otsikossa on { $width }: solu tai erotin puuttuu (luetaan erottimella ”{ $delimiter }”)
importTwoPeopleByEmail = sähköpostiosoitteet kuuluvat kahdelle eri henkilölle, { $a } ja { $b }
importNamesakes = nimellä { $name } on useita henkilöitä: lisää sähköpostisarake, jotta jokainen rivi kertoo, kuka on kyseessä
importDuplicateRow = { $name } on tiedostossa uudelleen (ensin rivillä { $first }); poista kaksoisrivi
importNotVcard = BEGIN:VCARD-riviä ei löydy: onko tämä vCard-tiedosto?
importNotXlsx = ei luettavissa Excel-työkirjana (.xlsx): { $detail }
importNoSuchSheet = taulukkoa ”{ $wanted }” ei ole; työkirjassa on { $names } (valitse yksi valinnalla --sheet)
importNoSheets = työkirjassa ei ole taulukoita
importSheetUnreadable = taulukkoa ”{ $sheet }” ei voi lukea: { $detail }
importNoteNotAPerson = vCard { $n } (rivi { $line }) on { $what } eikä henkilö: ohitettu
importKindGroup = ryhmä
importKindOrg = organisaatio
importKindLocation = paikka
importNoteUnmapped = sarakkeessa ”{ $header }” on { $what }, mutta sitä ei tuoda: kohdista se valinnalla --map "{ $header }={ $field }" (tai =mobile, =extension)
importHoldsEmails = sähköpostiosoitteita
importHoldsNumbers = puhelinnumeroita
importNoteNumericPhones = sarakkeessa ”{ $header }” on { $count } numerosolua (ensimmäinen rivillä { $first }): Excel pudottaa numeroista alkunollan ja +-merkin, joten tarkista ne ja muotoile sarake tekstiksi

## The store's failures (StoreError, db::Error), as the operator can act on them
storeDiskFull = levy, jolla Vaihteen tiedot ovat, on täynnä: vapauta tilaa ja yritä uudelleen (mitään ei muutettu)
storeReadOnly = Vaihteen datakansio on vain luettavissa: tarkista sen oikeudet tai levy, tai anna toinen --data-dir (mitään ei muutettu)
storeBusy = toinen Vaihde piti hakemistoa varattuna yli 10 sekuntia; yritä uudelleen (mitään ei muutettu)
storeCannotOpen = { $detail }: tarkista, että datakansio on olemassa ja että sinulla on siihen kirjoitusoikeus, tai anna --data-dir
storeDamaged = { $detail }: tietokanta on vaurioitunut; palauta varmuuskopio komennolla `vaihde import-backup`
storeDatabase = tietokantavirhe: { $detail }
storeTeamDatabase = tiimin tietokanta: { $detail }
storeCreateDir = datakansiota { $path } ei voi luoda: { $detail }. Tarkista, että sinulla on sinne kirjoitusoikeus, tai anna --data-dir
storeOpen = tietokantaa { $path } ei voi avata: { $why }
storeCopy = tällä työpisteellä ei ole luettavaa kopiota tiimin tietokannasta polussa { $path }: { $detail }
storePermissions = tiedostoa { $path } ei voi tehdä vain sinun luettavaksesi: { $detail }
storeMigrate = tietokantaa ei voi päivittää versioon { $version } ({ $name }): { $why }
storeTooNew = tietokanta on uudemmasta Vaihteesta (skeema { $found }, tämä tuntee versioon { $known } asti): päivitä Vaihde
storeCorrupt = tallennettu tieto on vaurioitunut ({ $detail }); palauta varmuuskopio komennolla `vaihde import-backup`
problemFileMissing = kalenteritiedostoa ei ole: tarkista osoite tai palauta tiedosto
problemFileDenied = kalenteritiedostoa ei voi lukea: tällä käyttäjällä ei ole oikeutta avata sitä
staffProblemFileMissing = henkilöstötiedostoa ei ole: tarkista osoite tai palauta tiedosto
staffProblemFileDenied = henkilöstötiedostoa ei voi lukea: tällä käyttäjällä ei ole oikeutta avata sitä

## Change log fields of a company (ChangeField)
fieldId = lyhyt nimi
fieldName = nimi
fieldTimezone = aikavyöhyke
fieldNumbers = yrityksen numerot
fieldGreetings = tervehdykset
fieldOpeningHours = aukioloajat
fieldAllowMobileTransfer = siirrot matkapuhelimiin
problemNoAddressBook = sieltä ei löydy osoitekirjaa: anna osoitekirjan oma osoite tai palvelimen osoite
problemBadAnswer = palvelimen vastausta ei voi lukea ({ $detail })

## The command line's argument errors (clap's own words stay in --help)
cliArgUnknown = tuntematon valitsin { $arg }: katso `vaihde --help`
cliArgSuggest = tarkoititko { $suggestion }?
cliArgUnknownCommand = tuntematon komento { $command }: katso `vaihde --help`
cliArgInvalidValue = ”{ $value }” ei käy valitsimen { $arg } arvoksi
cliArgValidValues = käyvät arvot: { $values }
cliArgMissing = puuttuu: { $args } (katso --help)
cliArgMissingCommand = mikä komento? Katso `vaihde --help`
cliArgConflict = { $arg } ei käy yhdessä valitsimen { $other } kanssa
cliArgInvalid = argumentit eivät ole oikein ({ $detail }): katso --help
cliArgNeedsValue = { $arg } tarvitsee arvon
staffFileTooLarge = henkilöstötiedosto on yli { $megabytes } Mt: onko se oikea tiedosto?
chooseFile = Valitse tiedosto…

## Kirjoitetut ajat (CLI:n --at, --from, --until, aukioloajat, vyöhykkeet)
timeUnparsable = ”{ $text }” ei ole aika: käytä RFC 3339 -muotoa kuten 2026-11-23T09:30:00+02:00, paikallista aikaa 2026-11-23 09:30 tai päivämäärää 2026-11-23
timeNotUnderstood = ”{ $text }”: { timeForms }
timeNoSuchDay = ”{ $text }” ei ole kalenterin päivä
timeSkipped = ”{ $text }” ei ole olemassa vyöhykkeellä { $zone } (kellot hyppäävät sen yli kesäajan vaihtuessa): valitse toinen minuutti
timeNotWeekday = ”{ $text }” ei ole viikonpäivä: käytä ma, ti, ke, to, pe, la tai su
timeUnknownZone = tuntematon aikavyöhyke ”{ $zone }”: käytä IANA-nimeä kuten Europe/Helsinki tai Europe/Stockholm

## CLI:n omat tarkistukset
cliUnknownLanguage = tuntematon kieli ”{ $lang }”: käytä fi, sv tai en
cliArgOneChar = { $arg } ottaa yhden ASCII-merkin, kuten ;
cliCannotWrite = tiedostoon { $file } ei voi kirjoittaa: { $detail }
cliCannotWriteNoFolder = tiedostoon { $file } ei voi kirjoittaa: sen kansiota ei ole
cliCannotWriteDenied = tiedostoon { $file } ei voi kirjoittaa: tällä käyttäjällä ei ole oikeutta kirjoittaa sinne
cliHoursForm = aukioloajat ”{ $text }”: kirjoita ne muodossa "ma-pe 08:00-16:00" tai "la 10:00-14:00"
cliPhoneForm = --phone ”{ $text }”: kirjoita se muodossa "extension:1234" tai "mobile:040 123 4567"; laji on extension, direct, mobile tai other
cliGreetingForm = tervehdys ”{ $text }”: kirjoita se muodossa "fi:Hyvää päivää, ..."
cliRoleAlso = myös: { $aliases }
cliUnasked304 = { $name }: palvelin vastasi ”ei muuttunut” (304) pyyntöön, joka ei sitä kysynyt

## Ikkunan pyynnöt, jotka epäonnistuvat hakemiston ulkopuolella
apiNoDataDir = tällä ikkunalla ei ole datahakemistoa, johon tiimin tietokanta muistettaisiin: käynnistä Vaihde uudelleen
apiRememberTeam = tiimin tietokannan osoitetta ei voitu tallentaa: { $detail }
apiNobodyHandles = kukaan ei hoida asiaa { $name } nyt
apiRestart = aiempi pyyntö epäonnistui pahasti: käynnistä Vaihde uudelleen

## Mitä CLI:n muut komennot sanovat epäonnistuessaan
dataNoHome = Vaihteen datalle ei löydy kotihakemistoa: anna --data-dir HAKEMISTO tai aseta VAIHDE_DATA_DIR
backupNotABackup = tämä ei ole Vaihteen varmuuskopio (muoto ”{ $format }”); odotettiin komennolla `vaihde export` kirjoitettua tiedostoa
backupTooNew = varmuuskopio on versiota { $version }; tämä Vaihde lukee versiota { $reads }: päivitä Vaihde
backupNotEmpty = hakemisto ei ole tyhjä; palauta valitsimella --replace, joka korvaa sen (tee ensin vienti)
backupNotJson = varmuuskopio ei ole kelvollista JSONia: { $detail }
backupDoesNotFit = varmuuskopion osat eivät sovi yhteen: { $why }
exportCannotWrite = taulukkoa ei voi kirjoittaa: { $detail }
copyNotEmpty = kohdetietokannassa on jo hakemisto ({ $companies } yritystä, { $people } henkilöä)
copySchemas = tietokantojen rakenteet eroavat ({ $from } ja { $to }): avaa ensin molemmat tällä Vaihteella
copyMiscounted = { $table }: kopioitavia rivejä { $expected }, perille tuli { $found }; mitään ei kopioitu
demoBroken = esittelyaineisto on rikki ({ $detail }); tämä on Vaihteen vika
demoAlreadyLoaded = esittelyyritykset on jo ladattu; lataa ne uudelleen valitsimella --replace
mailNoSender = lähettäjän osoitetta ei ole asetettu (vaihde mail set --from OSOITE tai VAIHDE_MAIL_FROM)
mailBadSender = lähettäjän osoite ”{ $address }” ei ole sähköpostiosoite
mailBadRecipient = ”{ $address }” ei ole sähköpostiosoite, jonka postikirjasto hyväksyy
mailNoRecipients = viestillä ei ole sähköpostivastaanottajia
mailCannotWrite = sähköpostia ei voi kirjoittaa: { $detail }
mailNoServer = postipalvelinta ei ole asetettu (vaihde mail set --smtp URL tai VAIHDE_SMTP_URL)
mailAnswers = Vastaukset
mailboxTrouble = kuittauksia ei voitu lukea postilaatikosta: { $detail }
alarmUnacknowledged = kiireellistä viestiä #{ $id } ({ $for }) ei ole kuitattu { $minutes } minuutissa: soita hänelle tai asiakkaalle
cliExported = Vietiin { $companies } yritystä ja { $people } henkilöä tiedostoon { $file }
cliExportedStaff = Vietiin { $people } henkilöä yrityksestä { $company } tiedostoon { $file }
cliEarliestShown = tulostettiin aikaisimmat { $shown } tapahtumaa { $total } tapahtumasta; näet lisää valitsimella --limit

## Miksi viestiä ei (vielä) toimitettu
deliveryDetail = { $detail }
mailServerAddress = postipalvelimen osoitetta ei voi lukea: { $detail }
mailNoTransport = yhteyttä postipalvelimeen ei voi muodostaa: { $detail }
webhookStatus = { $address } vastasi HTTP { $status }
webhookTimeout = { $address } ei vastannut ajoissa; Vaihde yrittää uudelleen
webhookUnreachable = { $address } ei ollut tavoitettavissa; Vaihde yrittää uudelleen
webhookTls = suojattua yhteyttä osoitteeseen { $address } ei saatu (varmenne- tai TLS-ongelma)
webhookNameNotFound = osoitteen { $address } nimeä ei löytynyt: tarkista webhookin osoite
webhookRedirectLoop = { $address } ohjaa eteenpäin liian monta kertaa: tarkista webhookin osoite
webhookFailed = viestiä ei voitu lähettää osoitteeseen { $address }; Vaihde yrittää uudelleen

## The desk's phone line (vaihde line, the window's line settings)
lineNotSet = Tällä työpisteellä ei ole puhelinlinjaa. Aseta se komennolla: vaihde line set --account sip:ALANUMERO@VAIHDE --password …
lineBadAddress = Tili ”{ $given }” ei ole SIP-osoite: kirjoita se muodossa sip:200@pbx.example.fi (työpisteen alanumero puhelinvaihteessa)
lineBadUser = Tunnistautumisen käyttäjänimessä ”{ $given }” on välilyönti, lainausmerkki tai merkki, jota SIP-käyttäjänimessä ei voi olla
lineBadPassword = Salasanassa on välilyönti, puolipiste, pilkku, lainausmerkki tai kulmasulje, joita puhelinmoottori ei voi välittää: aseta puhelinvaihteeseen salasana ilman niitä
lineBadTransport = Siirtotapa ”{ $given }” ei ole mikään vaihtoehdoista udp, tcp tai tls
lineBadCaFile = Puhelinvaihteen varmenteen myöntäjää { $path } ei voi käyttää ({ $detail }): anna vaihteen ylläpitäjän lähettämä PEM-tiedosto tai jätä tyhjäksi, niin luotetaan vain järjestelmän myöntäjiin
lineBadDevice = Äänilaitetta ”{ $given }” ei voi käyttää: valitse luettelosta
lineSettingsFile = Työpisteen linja-asetuksia { $path } ei voi lukea tai kirjoittaa ({ $detail }); mitään ei muutettu
lineSettingsDamaged = Työpisteen linja-asetukset { $path } eivät ole muodossa, jota tämä versio lukee ({ $detail }): aseta linja uudelleen ikkunassa (Ctrl+,) tai komennolla vaihde line set
lineEngineMissing = Puhelinmoottoria ({ $program }) ei ole asennettu: asenna paketti linphone-cli
lineEngineFailed = Puhelinmoottori pysähtyi: { $detail }
lineRegistering = Linja { $account } rekisteröityy puhelinvaihteeseen…
lineRegistered = Linja { $account } on rekisteröity puhelinvaihteeseen: puhelut voivat tulla tälle työpisteelle
lineRefused = Puhelinvaihde ei rekisteröinyt linjaa { $account }: tarkista tili, käyttäjä ja salasana (Ctrl+, ikkunassa tai vaihde line set)
lineFailed = Puhelinvaihde ei rekisteröinyt linjaa { $account } ({ $reason }): tarkista tili, käyttäjä ja salasana (Ctrl+, ikkunassa tai vaihde line set) ja että puhelinvaihteeseen saa yhteyden
lineUnregistered = Linjaa { $account } ei ole rekisteröity puhelinvaihteeseen
lineSaved = Työpisteen linja on asetettu: { $account }, siirtotapa { $transport }. Kokeile sitä komennolla: vaihde line test
lineShowAccount = Tili: { $account }
lineShowUser = Tunnistautumisen käyttäjä: { $user }
lineShowPasswordSet = Salasana: asetettu (ei näytetä)
lineShowNoPassword = Salasana: ei ole
lineShowTransport = Siirtotapa: { $transport }
lineShowCaFile = Puhelinvaihteen varmenteen myöntäjä: { $path }
lineShowRinger = Soittoääni: { $device }
lineShowPlayback = Soittaja kuuluu: { $device }
lineShowCapture = Mikrofoni: { $device }
lineNoDevices = Puhelinmoottori ei löydä tästä koneesta äänikorttia: puheluihin voi vastata ja niitä voi yhdistää, mutta niitä ei kuule
lineDeviceBoth = { $device } (toisto ja mikrofoni)
lineDevicePlayback = { $device } (toisto)
lineDeviceCapture = { $device } (mikrofoni)
lineRemoved = Työpisteen puhelinlinja on poistettu; työpiste toimii kuten ennenkin, ilman linjaa
lineText = { $text }
lineNoCallerId = tuntematon numero
lineRingsFor = { $company }: puhelu numerosta { $caller }
lineRingsUnknownNumber = Puhelu numeroon { $dialled }, joka ei ole minkään asiakkaan, soittajana { $caller }
lineRings = Puhelu soi, soittajana { $caller }
lineAnswered = Vastattu: { $caller }
lineHeld = Pidossa: { $caller }
lineColleagueAnswered = { $to } vastasi: puhu, sitten yhdistä soittaja tai ota hänet takaisin
linePutThrough = { $caller } yhdistetty numeroon { $to }
lineTransferFailed = Siirto numeroon { $to } ei onnistunut ({ $why }): { $caller } odottaa pidossa työpisteellä
lineEnded = Puhelu ({ $caller }) päättyi
lineCalling = Soitetaan takaisin: { $called }…
lineCallbackAnswered = { $caller } vastasi takaisinsoittoon
lineCallbackEnded = Takaisinsoitto ({ $caller }) päättyi: kirjaa, miten kävi (tavoitettu, ei vastannut, viesti jätetty)
lineNotDiallable = ”{ $number }” ei ole numero, johon linjalta voi soittaa
lineDown = Puhelinlinja ei toimi ({ $reason }): puhelut eivät tule tälle työpisteelle ennen kuin se toimii taas
lineFailRefused = varattu tai hylätty
lineFailNotFound = numeroa ei ole
lineFailNoAnswer = ei vastannut
lineFailNotReached = varattu, hylätty tai numeroa ei ole
lineFailOther = ei onnistunut
lineFailDetail = { $detail }
lineNotRunning = Työpisteen puhelinlinja ei ole käynnissä: katso linjan tila puhelujen yläpuolelta
lineCallsAtDesk = Linjaa ei voi muuttaa, kun työpisteellä on puheluja: hoida ne ensin
lineSettingsTitle = Työpisteen puhelinlinja
lineSettingsOpen = Puhelinlinja
lineSettingsHelp = Työpisteen oma SIP-tili puhelinvaihteessa: osoite ja salasana, jotka vaihde antoi tälle numerolle. Enter tallentaa ja rekisteröi; linjan tila näkyy puhelujen yläpuolella. Ilman linjaa Enter kopioi numeron kuten ennenkin.
lineSettingsPasswordKept = Salasana on asetettu: jätä kenttä tyhjäksi, niin se säilyy
lineSettingsRemove = Poista linja
lineDeviceRinger = Soittoääni laitteesta
lineDevicePlaybackLabel = Soittaja kuuluu (kuulokkeet)
lineDeviceCaptureLabel = Mikrofoni
lineDeviceAny = moottori valitsee
lineSettingsSaved = Linja tallennettu: { $account } ({ $transport }); rekisteröidään vaihteeseen
lineSettingsRemoved = Työpisteen puhelinlinja on poistettu; Enter kopioi taas numeron
lineNoNumber = Puhelua ei voi yhdistää: numeroa ei ole. Valitse henkilö tai rooli, jolla on numero
lineNoSuchCall = Puhelu ei ole enää työpisteellä
lineNotNow = Puhelulle ei voi tehdä sitä sen nykyisessä tilassa
lineLogFailed = Puhelulokiin ei voitu kirjoittaa ({ $detail }); puhelu itse jatkuu
lineHeldLong = { $caller } on ollut pidossa { $seconds } sekuntia: palaa soittajan luo
lineRestarting = Puhelinmoottori pysähtyi; se käynnistetään uudelleen
lineFailedMark = Siirto numeroon { $to } ei onnistunut: { $why }
lineDemo = Demolinja: kuviteltuja soittajia, ei puhelinvaihdetta. Siirto alanumeroon vastataan, muihin numeroihin ei
lineBusy = puhelimessa
lineRinging = soi
callsPanel = Puhelut
callsNone = Työpisteellä ei ole puheluja
callStateRinging = soi
callStateCalling = soitetaan takaisin
callStateTalking = linjalla
callStateHeld = pidossa
callStateTransferring = yhdistetään numeroon { $to }
callStateConsulting = pidossa: soitat numeroon { $to }
callStateColleagueOn = pidossa: { $to } on linjalla kanssasi
callsKeys = Ctrl+Enter vastaa seuraavaan · Ctrl+H pitoon tai takaisin · Ctrl+E lopettaa · Enter yhdistää · Shift+Enter kysyy ensin, sitten yhdistää
callTransferring = Soittajaa yhdistetään numeroon { $to }…
callConsulting = Soitetaan numeroon { $to }; soittaja on pidossa
callNoCall = Työpisteellä ei ole puhelua, jolle tämän voisi tehdä
