## Vaihde's words in English. The window and the CLI both read this file.

## The window

stateIn = in
stateAway = away
stateBusy = busy
stateTentative = maybe away
stateOutsideHours = outside hours
stateLeft = left
stateOutsider = not an employee
reasonHoliday = holiday
reasonSick = sick
reasonOutOfOffice = out of office
reasonTraining = training
reasonMeeting = meeting
reasonTentative = tentative
reasonOther = other
transferTo = Transfer to
enterCopies = Enter copies
enterPutsThrough = Enter puts through
chain = Who covers
awayNow = Away now
feeds = Calendars
incoming = Call to
caller = from
withheld = number withheld
lastSync = last good sync
neverSynced = never synced
unmatched = names nobody we know
search = Search name, role, topic or number
allCompanies = All companies
thisCompany = This company
open = open
closed = closed
noResults = Nobody found
# Nobody in the call's company, some in others: which, and how many.
foundElsewhere = Nobody found at { $company }. Found at { $places }
# The window's way to search them all, after foundElsewhere.
foundElsewhereSlash = press / to search all companies
# The CLI's, after foundElsewhere.
cliFoundElsewhereAll = add --all to search them all
# A covering chain's step, in words as well as by strike-through and bold.
stepSkipped = skipped
stepChosen = calls go here
# The results' number, said by a screen reader once typing pauses.
resultsCount = { $count ->
    [one] One result
   *[other] { $count } results
}
# Ctrl+I with no card on screen.
cardNothingToRead = No card to read
former = left the company
outsider = not an employee
callsTo = Calls go to
coveredBy = Covered by
roles = Roles
topics = Topics
away = Away
notes = Notes
changes = Changes in the last 30 days
pickCompany = Switch company: type a name
keysHelp = ↑/↓ move · { $enter } · Esc clear · / (in an empty box) all companies · PgUp/PgDn scroll the card · F6 side panel and back · Ctrl+K company · Ctrl+1…9 favourites · F3 favourite on/off · Ctrl+M mark away · F2 edit · Ctrl+N new person · Ctrl+L left · Ctrl+D who covers · Ctrl+J note · F7 take a message · F8 messages and callbacks · F9 call answered · F10 a call by hand · F12 figures · Ctrl+O sign in · F5 sync now · F4 language · Ctrl+, phone line · Ctrl+I read the card · Ctrl+Shift+C high contrast · Ctrl+S next call script · Ctrl+Shift+S edit call scripts · F1 keys
scriptHead = Call script
scriptUrgent = urgent
scriptRequired = required
scriptGoesTo = Goes to: { $where }
scriptOnCall = whoever is on call
scriptMore = Ctrl+S next script ({ $n }/{ $count })
scriptShown = Call script: { $name }
contrastOn = High contrast on
contrastOff = High contrast off
markAway = Mark away
backOn = Back (27.11., 27.11. 14:00, tomorrow, Friday, +3)
untilHelp = Enter saves · Esc cancels
reasonOptional = Reason (optional)
keysTitle = Keyboard
languages = Speaks
copied = Copied
editPerson = Edit person
newPerson = New person
givenName = Given name
familyName = Family name
titleField = Title
department = Department
aliases = Also known as (comma-separated)
topicsField = Handles (topics, comma-separated)
emails = E-mail addresses
extension = Extension
direct = Direct line
mobile = Mobile
notesField = Notes
outsiderBox = Not an employee (an outsider often asked for)
saveHelp = Enter saves · Esc cancels · Tab next field
markLeft = Left the company
lastDay = Last day (30.11., today, Friday)
reason = Reason
callsToPerson = Calls go to a colleague: type a name
callsToText = …or what to tell the caller
delegatesTitle = Who covers, in order
delegatesHelp = Type a name and Enter adds · Delete removes the last · Enter on an empty line saves · Esc cancels
addNote = Add a note
firstRunTitle = Welcome to Vaihde
firstRunIntro = The directory is empty. How would you like to start?
tryDemo = Try the example companies
tryDemoHelp = Three fictional companies, kept in a directory of their own ({ $dir }): your directory stays empty.
startWithFile = Start with a staff file
startWithFileHelp = The first client company's staff as a CSV, Excel (.xlsx) or vCard file. More companies and files later with vaihde import.
refuseNotATeamAddress = A team database's address starts with postgres:// (ask whoever runs it for the whole address)
refuseTeamUnreachable = The team database could not be opened: { $detail }. Check the address, the network and the password, and try again
joinTeam = Join a team database
joinTeamHelp = A team of desks shares one directory in PostgreSQL: paste its address (postgres://user@host/database?sslmode=require). This desk remembers it; the CLI here uses it too.
joinTeamField = Team database address
joinTeamButton = Join
companyNameField = Company name
languageField = Language callers are greeted in
timezoneField = Time zone
staffFileField = Staff file (choose one, or type its path)
importStart = Import and start
syncNow = Sync now
syncing = Syncing
syncFailed = failed
syncRoundFailed = Calendar sync could not run ({ $detail }); it tries again by itself, F5 tries now. Statuses from calendars may be out of date.
syncStopped = Calendar sync has stopped ({ $detail }): restart Vaihde. Until then statuses from calendars are not updated.
syncFeedsFailed = { $count ->
    [one] One calendar could not be read
   *[other] { $count } calendars could not be read
}: the calendars panel says why.
refuseTeamAway = The team database cannot be reached, so nothing can be changed now; nothing was saved. Vaihde reconnects by itself: try again when the banner is gone.
teamAwayCopy = The team database cannot be reached (since { $since }). This desk shows its own copy of { $copied }: search and cards work, changes wait until it is back. Vaihde reconnects by itself.
teamAwayNoCopy = The team database cannot be reached (since { $since }), and this desk has no copy of it yet: search works from memory, cards cannot be opened. Vaihde reconnects by itself.
syncByOtherDesk = Calendars are synced for the team by { $desk }: it was in its round, so this desk left it be. Its results show here as they arrive.
anotherDesk = another desk
language = Language
saved = Saved
feedNotes = notes
nothingToTransfer = Nobody to transfer to: take a message. Nothing was copied.
nothingSelected = Nobody selected: nothing was copied.
nothingShown = The card is still changing: nothing was copied. Press Enter again.
copyFailed = The clipboard did not take the number: dial it yourself
notThisCall = not the company of this call
otherCompany = other company
role = role
topic = topic
handledBy = Who handles it, in order
timeForms = Write a date or time like 27.11., 27.11. 14:00, klo 14, tomorrow, Friday or +3 (days from today).
oldNumbers = Old numbers, no longer in use: do not transfer
leftOn = Left the company
suggestion = names someone only by one name
suggestionKeys = F6, then Enter: it is them · Delete: it is not
nowNames = now marks away
noLongerNames = no longer marks away
confirmed = Confirmed
dismissed = Dismissed
formKeys = In a form: Enter saves · Esc cancels · Tab / Shift+Tab move between fields
pickHelp = Enter switches · Esc cancels
closeHelp = Esc closes
error = Error

## Dates and times. The faces pass: $weekday (mon…sun), $day and $month
## (numbers), $monthname (jan…dec), $year, $hour, $hour2 (two digits) and
## $minute (two digits), all in the zone the moment is shown in.

weekdayShort = { $weekday ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
   *[sun] Sun
}
monthShort = { $monthname ->
    [jan] Jan
    [feb] Feb
    [mar] Mar
    [apr] Apr
    [may] May
    [jun] Jun
    [jul] Jul
    [aug] Aug
    [sep] Sep
    [oct] Oct
    [nov] Nov
   *[dec] Dec
}
moment = { weekdayShort } { $day } { monthShort } { $hour2 }:{ $minute }
day = { weekdayShort } { $day } { monthShort }
date = { $day } { monthShort } { $year }
clock = { $hour2 }:{ $minute }

## Status

withReason = { $state } ({ $reason })
chipBack = { $status } · back { $when }
chipOpens = { $status } · opens { $when }
callsGoThrough = calls go through

## The covering chain: how the walk got to each person

viaAskedFor = asked for
viaDelegateOf = delegate of { $name }
viaRole = role { $name }
viaTopic = topic { $name }
viaCallsOf = calls of { $name }
viaOnCall = on call ({ $name })
onCallNow = On call now: { $name } until { $until }
onCallNext = next: { $name } from { $from }
onCallNobodyNow = The on-call calendar { $rota } names nobody for now: ask the client who is on call
onCallEndsSoon = The on-call calendar { $rota } ends { $when }: ask the client for the next shifts
skipNoNumber = no number to transfer to
skipOnThePhone = on another call: the transfer would not be answered
whyTakesCalls = { $name } takes calls now
whyCovering = { $name } ({ $via }) takes calls now
whyRedirected = where this person's calls go now
whyNobody = nobody on the chain can take the call
noteLeft = Left { $date }; calls go to { $callsTo }
noteNotEmployee = Not an employee; calls go to { $callsTo }
callsToRole = role { $name }
callsToRemovedPerson = person #{ $id } (removed)
callsToRemovedRole = role #{ $id } (removed)
phoneExtension = extension
phoneDirect = direct line
phoneMobile = mobile
phoneOther = other number
emailLabel = e-mail

## A calendar whose last sync failed, on the card of a person it concerns

calendarFailing = Calendar { $name }: { $problem } ({ $last })
lastSyncAt = last good sync { $when }

## What the operator can say to the caller (in the company's language)

callerLeft = { $name } no longer works here.
callerClosed = We are open again { $back }.
callerAwayUntil = { $name } { callerWhy } until { $back }.
callerAway = { $name } { callerWhy }.
callerWhy = { $why ->
    [busy] is in a meeting
    [holiday] is on holiday
    [sick] is away today
    [training] is on a training course
    [phone] is on another call just now
   *[other] is not available
}
callerTakenOver = { $colleague } has taken over – shall I put you through?
callerCovering = { $colleague } is covering – shall I put you through?
callerMessage = May I take a message?

## Errors, by kind; the detail follows

errorNotFound = Not found
errorAmbiguous = More than one matches
errorInvalid = Cannot be saved
errorInvalidTime = The date or time could not be read
errorStore = The directory could not be read or written
errorCorrupt = The stored data is damaged
errorBadRequest = The window asked for something the core does not know
errorInternal = Something went wrong between the window and the core
errorSync = Calendar sync failed

## What went wrong with a calendar feed

problemNotPublic = the calendar is no longer public (the server refused access, HTTP { $status }): publish it again or update the address
problemGone = no calendar at this address any more (HTTP { $status }): it may have been unpublished or moved
problemSlowDown = the calendar server asks us to slow down (HTTP 429); Vaihde will try again later
problemServerTrouble = the calendar server has a problem (HTTP { $status }); Vaihde will try again
problemUnexpectedStatus = the calendar server answered HTTP { $status } instead of the calendar
problemTimeout = the calendar server did not answer in time; Vaihde will try again
problemRedirectLoop = the address redirects too many times (a redirect loop): check the address
problemTls = a secure connection to the calendar server could not be made (certificate or TLS problem)
problemNameNotFound = the calendar server's name could not be found: check the address
problemUnreachable = the calendar server could not be reached; Vaihde will try again
problemDownloadFailed = the calendar could not be downloaded; Vaihde will try again
problemTooLarge = the calendar is larger than { $megabytes } MB: is this the right address?
problemBadAddress = only http, https, webcal and file addresses are read: check the address
problemFileUnreadable = cannot read the calendar file: { $detail }
problemUnreadable = the calendar cannot be read: { $detail }
problemForeign = { $detail }

## The CLI

cliSay = Say
cliNote = Note
cliNoOneToTransfer = No one to transfer to
cliNoFallback = No one to transfer to, and the company has no fallback set
cliHintCompanies = `vaihde company list` shows them
cliHintRoles = `vaihde role list` shows them
cliHintFeeds = `vaihde feed list` shows them
cliAdded = Added { $name } (#{ $id }) to { $company }
cliUpdated = { $name } updated
cliUnchanged = { $name } unchanged
cliMarkedLeft = { $name } marked as left on { $date }
cliCoveredBy = Covered by
cliAway = Away
cliNoDelegates = no delegates
cliRole = role
cliNoGreeting = no greeting set
cliNoCompanyAnswers = No company answers { $number }: check the numbers with `vaihde company list`
cliCaller = Caller
cliNumberWithheld = number withheld
cliNotInDirectory = { $number }, not in the directory
cliAbsenceRemoved = Absence #{ $id } removed
cliFeedAdded = Added feed #{ $id } ({ $address }) to { $company }; run `vaihde sync` to read it
cliNever = never
cliFeedPerson = person
cliFeedShared = shared
cliFeedSummary = last good sync { $last }, { $absences } absences
cliUnmatched = unmatched (line { $line }): { $summary }
cliConfirmed = confirmed as { $name }, who is away for it
cliDismissed = not about { $name }; later syncs leave it unmatched
cliFeedRemoved = Feed #{ $id } removed
cliSynced = { $absences } absences, { $unmatched } unmatched
cliSyncUnchanged = unchanged
cliSyncFailed = FAILED: { $problem } (the last good data is kept)
cliWarning = warning
cliFeedsFailed = { $failed } of { $total } feeds failed
cliAnotherDesk = another desk
cliSyncByOtherDesk = { $desk } is syncing the team's calendars right now; its results reach every desk when it is done. Nothing was fetched twice.
cliSyncNothingDue = Nothing was due: every feed was fetched within the interval (by this desk or another)
cliStaffFeedAdded = Added staff feed #{ $id } ({ $address }) to { $company }; run `vaihde sync` to read it. Nobody is ever deleted by it: people it stops listing are flagged for you.
cliStaffFeedRemoved = Staff feed #{ $id } removed; the people it brought stay
cliFeedStaff = staff list
cliStaffFeedSummary = last good sync { $last }, { $listed ->
    [one] one person listed
   *[other] { $listed } people listed
}
cliStaffSynced = { $listed } listed: { $added } added, { $updated } updated, { $gone } no longer listed
cliStaffGone = { $name }: no longer listed in { $source } since { $since } — has { $name } left? `vaihde person leave`
cliStaffBack = { $name }: listed again in { $source }
cliStaffFeedsFailed = { $failed } of { $total } staff feeds failed
cliTeamNeedsDatabase = Which team database? Give it with --database postgres://user@host/db (or VAIHDE_DATABASE_URL)
cliTeamNoLocal = There is no directory in { $dir } to copy: give the desk's own with --data-dir
cliTeamNotEmpty = The team database { $database } already holds a directory ({ $companies } companies, { $people } people): --from-local copies only into an empty one. Nothing was copied.
cliTeamCopyFailed = The copy did not finish ({ $detail }); nothing was copied, the team database is as it was
cliTeamCopied = Copied { $companies } companies, { $people } people and { $changes } changes ({ $tables } tables, each counted on both sides) in one transaction
cliTeamReady = The team database { $database } is ready ({ $companies } companies, { $people } people). Each desk joins with: vaihde --database <the same address>, or VAIHDE_DATABASE_URL in its environment
cliTeamDatabase = Database { $database } ({ $engine } { $version }, schema { $schema })
cliTeamDirectory = Directory: { $companies } companies, { $people } people
cliTeamDesks = { $desks ->
    [0] No desk windows open
    [one] One desk window open
   *[other] { $desks } desk windows open
}
cliTeamConnections = { $connections ->
    [one] 1 connection
   *[other] { $connections } connections
}
cliTeamSyncHeld = Calendar sync: { $desk } is in a round now
cliTeamSyncFree = Calendar sync: no desk is in a round now
cliTeamLastSync = Last feed fetched: { $last }
cliCompanyAdded = Added { $name } ({ $slug }), id { $id }
cliLanguage = language
cliOpen = open
cliDayMon = Mon
cliDayTue = Tue
cliDayWed = Wed
cliDayThu = Thu
cliDayFri = Fri
cliDaySat = Sat
cliDaySun = Sun
cliRestored = Restored { $companies } companies, { $people } people from { $file }
cliDemoCompany = { $people } people, { $absences } absences
cliDemoCalendars = { $absences } absences synced from the demo calendar feeds (vaihde feed list)
cliDemoGenerated = { $people } generated people in { $companies } more companies
cliDemoLoaded = Demo loaded into { $dir }
cliReadAs = Read as { $format }
cliImported = { $added } added, { $updated } updated, { $unchanged } unchanged
cliImportWouldBe = { $added } would be added, { $updated } updated, { $unchanged } unchanged (nothing stored)
cliLine = line { $line }
cliColumnsIgnored = Columns not imported: { $columns } (use --map "Header=field" to import them)
cliMissing = Not in the file, still listed as staff ({ $count }):
cliMissingHint = If they have left: vaihde person leave '#ID' --on DATE [--calls-to-person NAME]
cliNoCompanies = there are no companies yet: add one with `vaihde company add` or load the demo with `vaihde demo`
cliWhichCompany = which company? pass --company with one of: { $companies }
cliNobodyMatches = nobody in { $company } matches “{ $query }”
cliAwayCount = { $count } away at { $at } in { $company }

## Changed fields, in the changes list

fieldKind = kind
fieldGivenName = given name
fieldFamilyName = family name
fieldAliases = also known as
fieldTitle = title
fieldDepartment = department
fieldTopics = topics
fieldPhones = numbers
fieldEmails = e-mail
fieldLanguages = languages
fieldNotes = notes
fieldLeft = left
fieldCallsTo = calls go to
fieldHolders = holders
fieldDelegates = covered by
fieldCalendar = calendar
fieldCalendarMatch = calendar match
fieldAbsence = away
fieldAlias = also known as
fieldTopic = topic
fieldLanguage = language
fieldEmail = e-mail address
fieldPhoneNumber = telephone number
fieldPhoneLabel = telephone label
fieldLeftReason = reason for leaving
fieldCallsToText = where calls go
fieldCompanyName = company name
fieldGreeting = greeting
fieldCompanyNumber = company number
fieldNumberLabel = number label
fieldCompanyNotes = company notes
fieldFallback = when nobody answers
fieldRoleName = role name
fieldRoleAlias = role alias
fieldLabel = label
fieldReason = reason
changeAdded = added
changeRemovedWithAbsences = removed, with its absences
changeAddedOutsider = added (not an employee)
changeFeedAdded = added ({ $address })
changeGoneFrom = no longer listed in { $source }
changeListedAgain = listed again in { $source }
changeRemoved = removed
changeLeft = left on { $date }
changeLeftBecause = left on { $date } ({ $reason })
changeStaff = employee
changeAbsence = { $reason } { $from } – { $until }
changeCalendarConfirmed = “{ $summary }” ({ $feed }) is about them: confirmed
changeCalendarDismissed = “{ $summary }” ({ $feed }) is not about them: dismissed
changeRole = whoever holds { $name }
changeYes = yes
changeNo = no
changeBy = by { $actor }

## Why the directory said no (refusals), and what it looks up
thingCompany = company
thingScript = call script
thingPerson = person
thingRole = role
thingFeed = calendar
thingAbsence = absence
thingSuggestion = suggestion
refuseNotFound = no { $what } matches “{ $query }”
refuseAmbiguous = “{ $query }” matches more than one { $what }: { $candidates }. Use the id or a fuller name
refuseNoName = a person needs a name: fill in the given or the family name
refuseNotAnEmail = “{ $value }” is not an e-mail address (expected name@example.fi)
refuseTooLong = { $field } is { $len } characters long (“{ $excerpt }”); at most { $limit } fit: shorten it
refuseCallsToSelf = calls cannot go to the same person: choose a colleague or write where they go
refuseCallsToOtherCompany = { $name } works for another company: calls can go to a colleague in the same company
refuseCallsToFormer = { $name } has left too: choose a current colleague
refuseCallsToForeignRole = that role belongs to another company
refuseMovesCompany = a person cannot move between companies: add them to the other company
refuseCoversSelf = { $name } cannot cover for themselves
refuseOtherCompany = { $name } works for another company
refuseFormerDelegate = { $name } has left the company and cannot cover for anyone
refuseDatesReversed = the dates { $from } – { $until } end before they start
refuseAbsenceReversed = the absence ends ({ $until }) before it starts ({ $from }): check the start and the end
refuseFromCalendar = this absence comes from a calendar: change it there, and sync
refuseEmptyNote = the note is empty
refuseRoleNeedsName = a role needs a name, like “HR” or “toimitusjohtaja / CEO”
refuseListedTwice = { $name } is listed twice for { $role }
refuseNobodyHoldsRole = nobody holds this role: set its holders first
refuseCompanySlug = company id “{ $slug }” must be lower-case letters, digits and “-”, like “rakennus-oy”
refuseCompanyNeedsName = a company needs a name
refuseCompanyExists = a company with id “{ $slug }” exists already
refuseUnknownZone = unknown time zone “{ $zone }”: use an IANA name like Europe/Helsinki
refuseHoursReversed = opening hours on { weekdayShort }: closing { $closes } is not after opening { $opens }
refuseNotANumber = “{ $number }” is not a telephone number
refuseNumberTaken = the number { $number } is already answered for { $company }: one number picks one company
refuseFavouritesFull = all { $max } favourite places are taken: remove one first (F3 on that company)
refuseNotACalendarAddress = { $address } is not a calendar address: use https://, http://, webcal:// or a file path
refuseDemoFailed = the built-in example directory could not be loaded: { $detail }
refuseChangedMeanwhileBy = { $name } was changed by { $by } { $unit ->
        [now] just now
        [seconds] { $n ->
            [one] { $n } second
           *[other] { $n } seconds
        } ago
        [minutes] { $n ->
            [one] { $n } minute
           *[other] { $n } minutes
        } ago
        [hours] { $n ->
            [one] { $n } hour
           *[other] { $n } hours
        } ago
        [days] { $n ->
            [one] { $n } day
           *[other] { $n } days
        } ago
       *[unknown] since you opened it
    } — reload and try again
refuseChangedMeanwhile = { $name } was changed { $unit ->
        [now] just now
        [seconds] { $n ->
            [one] { $n } second
           *[other] { $n } seconds
        } ago
        [minutes] { $n ->
            [one] { $n } minute
           *[other] { $n } minutes
        } ago
        [hours] { $n ->
            [one] { $n } hour
           *[other] { $n } hours
        } ago
        [days] { $n ->
            [one] { $n } day
           *[other] { $n } days
        } ago
       *[unknown] since you opened it
    } — reload and try again
refuseSyncOff = calendar sync does not run here: use `vaihde sync`

## Messages, callbacks and the call log
thingMessage = message
thingCall = call
refuseNoOperatorName = sign in with your name: the messages, calls and figures of the shift are yours
refuseMessageEmpty = the message says nothing: write what the caller wants, or tick "call back"
refuseNobodyToSendTo = nobody would receive this message: add a recipient's e-mail, or set { $company }'s message address (vaihde messaging { $company } --address …)
refuseCallbackClaimed = { $by } has already taken this callback
refuseNoOpenCallback = message #{ $id } has no open callback
refuseNotAMailServer = “{ $address }” is not a mail server address: use smtps://user:password@host or smtp://host:port
refuseNotAMailbox = “{ $address }” is not a mailbox address: use imaps://user:password@host[:993][/MAILBOX] (imap:// only on this machine)
refuseAnswerMissing = the call script asks “{ $label }”: answer it before sending
refuseNotAChoice = “{ $value }” is not an answer to “{ $label }”: choose { $choices }
refuseScriptName = a call script needs a name: the call type, as the client names it
refuseScriptDays = “{ $text }” is not a list of days: use mon-fri, sat,sun or mon
refuseScriptHours = “{ $text }” is not a span of hours: use 17:00-08:00 (past midnight is fine)
refuseScriptDates = “{ $text }” is not a span of dates: use 2026-12-24..2026-12-26 or one date
refuseScriptQuestion = “{ $text }” is not a question: use KIND:LABEL with KIND name, number, address, text or choice (choice:LABEL:a|b), and :required at the end if it must be answered
refuseScriptGoesTo = “{ $text }” is not where calls go: use person:NAME, role:NAME, on-call or address:EMAIL
refuseScriptSay = “{ $text }” is not what to say: use LANG:TEXT with LANG fi, sv or en
refuseScriptAnswer = “{ $text }” is not an answer: use LABEL=VALUE with the label as the script asks it
refuseNotAWebhook = “{ $address }” is not a web address: a webhook starts with https:// or http://
refuseBadMapping = “{ $mapping }” is not a column mapping: write it as "Header=field" with one of these fields: { $fields }
fieldForWords = for whom
fieldCallerName = caller's name
fieldCallerOrg = caller's organisation
fieldCallerNumber = caller's number
fieldCallerEmail = caller's e-mail
fieldMessageBody = message
fieldCallbackWhen = when to call back
fieldSaid = what the caller was told
fieldRecipient = recipient
fieldRecipientName = recipient's name
fieldMailFrom = sender address
fieldOnCall = on-call role or topic
fieldNote = note
fieldLineAccount = SIP account
fieldLineUser = authentication user
fieldLinePassword = password
fieldLineTransport = transport
fieldLineCaFile = certificate authority of the PBX (PEM file)
fieldLineDevice = sound device
fieldScriptName = call type
fieldScriptDays = days
fieldScriptHours = hours
fieldScriptDates = dates
fieldScriptNumber = dialled number
fieldScriptSay = what to say
fieldScriptQuestions = questions, one a line
fieldScriptGoesTo = where the call goes
fieldFile = file
fieldAddress = address
fieldOn = last day
fieldUntil = until
fieldMessageAddress = message address
fieldSummaryTo = summary address
fieldAskedFor = asked for
messageQueued = not sent yet
messageSent = sent
messageFailed = not delivered
messageAcknowledged = seen
messageDone = done
mailUnknownCaller = unknown caller
mailSubjectCallback = Please call back: { $caller }
mailSubjectMessage = Message: { $caller }
mailUrgent = URGENT
mailFor = For
mailCaller = Caller
mailCallerOrg = Organisation
mailCallerNumber = Number
mailCallerEmail = E-mail
mailTopic = About
mailCallback = Call back
mailCallbackYes = yes
mailCallbackBy = by { $at }
mailSaid = The caller was told
mailTaken = Taken { $at } by { $operator } (message #{ $id })
reportTitle = { $company }: { $since } – { $until }
reportCalls = { $calls ->
        [one] 1 call
       *[other] { $calls } calls
    }: { $transferred } put through, { $messages } messages taken, { $information } answered, { $none } without an outcome
reportMessages = { $count ->
        [0] No messages
        [one] 1 message
       *[other] { $count } messages
    }
reportCallbacks = { $count ->
        [0] No open callbacks
        [one] 1 open callback
       *[other] { $count } open callbacks
    }
cliNotSentYet = not sent yet: { $error }
cliNotDelivered = not delivered: { $error }
cliCc = cc
cliNoMessages = No messages.
cliEventTaken = taken
cliEventTryFailed = not sent yet
cliEventSent = sent
cliEventPosted = posted to the webhook
cliEventFailed = not delivered
cliEventAcknowledged = seen
cliEventDone = done
cliEventRequeued = queued again
cliEventClaimed = callback taken
cliEventReleased = callback released
cliEventCalledBack = called back
cliEventEscalated = sent on, not acknowledged in time
cliEventAlarm = alarm: nobody left to send it to
cliOutboxByOtherDesk = { $desk } is delivering the messages now; this desk leaves them to it
cliOutboxEmpty = The outbox is empty: every message has been sent.
cliNoCallbacks = No callbacks waiting.
cliOverdue = OVERDUE
cliClaimedBy = taken by { $by }
cliCallbackDone = done
cliCallbackOpen = waiting for someone to call
cliSignedIn = { $operator } is signed in at { $desk } (languages: { $languages }).
cliSignedOut = { $operator } signed out at { $desk }.
cliNobodySignedIn = Nobody is signed in at { $desk }.
cliNobodySignedInAnywhere = Nobody is signed in at any desk.
cliShiftLine = { $desk }: { $operator } ({ $languages }), since { $since }
cliThisDesk = this desk
cliNoCalls = No calls.
callTransferred = put through to { $name } { $number }
callMessage = message #{ $id } ({ $status })
callInformation = answered
callNoOutcome = no outcome
callOpen = on the line
cliForgotten = { $number }: { $messages } messages and { $calls } calls erased
cliMailServer = Mail server
cliReplyMailbox = Mailbox for replies
cliAckByReply = acknowledged by a reply
cliNoScripts = No call scripts.
cliNoScriptNow = No call script applies now.
cliScriptUrgent = urgent
cliScriptRequired = required
cliScriptOnCall = whoever is on call
cliScriptAlso = Also applies: { $scripts }
cliScriptRemoved = Removed { $name }.
cliNotSet = not set
cliKeepDays = Calls and messages are kept { $days } days.
cliWebhook = Webhook
cliCalledBefore = { $count ->
        [one] called once this week
       *[other] called { $count } times this week
    }; last { $last }{ $asked } → { $outcome }
cliCallLogged = Call #{ $id } logged (vaihde calls close { $id } --outcome …).
msgTitle = Take a message
msgFor = For
msgTo = To (e-mail addresses)
msgCc = Cc
msgText = Message
msgCallback = Call back
msgCallbackWhen = When suits the caller
msgUrgent = Urgent
msgSaid = What the caller was told
msgHelp = Enter sends (Ctrl+Enter in the message) · Esc cancels
msgSending = Message #{ $id } saved; sending…
msgResultSent = Message #{ $id } sent
msgResultQueued = Message #{ $id } saved, not sent yet: { $error }
msgResultFailed = Message #{ $id } not delivered: { $error }
msgPanelTitle = Messages and callbacks
msgCallbacksHead = Callbacks waiting
msgTodayHead = Messages of the last day
msgCallsHead = Calls from { $number }
msgNone = None.
cbClaim = I'll take it
cbRelease = Release
cbReached = Reached
cbCall = Call back
cbNoAnswer = No answer
cbLeftMessage = Left a message
cbOverdue = overdue
cbClaimedBy = taken by { $by }
msgMarkSeen = Seen
msgMarkDone = Done
msgScopeCompany = Show { $company } only
msgScopeAll = Show all companies
reportSubject = Calls and messages: { $company }
scriptsTitle = Call scripts: { $company }
scriptsNone = No call scripts yet.
scriptsNew = New call script
scriptsUrgent = Its messages are urgent (acknowledged or sent on)
scriptsSave = Save
scriptsRemove = Remove
scriptsFormHelp = Empty days, hours, dates or number: any. Questions one a line: name, number, address, text or choice (choice:LABEL:a|b), :required at the end if it must be answered. Enter saves (Ctrl+Enter in a text box), Esc cancels.
scriptsSaved = Call script { $name } saved
scriptsRemoved = Call script { $name } removed
langHelpOthers = { $language } is not one of your languages: { $who } speaks it
langHelpNobody = { $language } is not one of your languages, and nobody signed in speaks it
opTitle = Who is at this desk
opName = your name
opLanguages = Languages you serve callers in
opThisDesk = This desk: { $desk }. The desk's messages, calls and figures carry the name signed in here.
opSignIn = Sign in
opSignOut = Sign out
opSignedInAs = Signed in: { $who }
opSignedIn = { $who } signed in at this desk
opSignedOut = Signed out: the desk's work carries no name now
opEveryone = Signed in at the desks
figuresTitle = Figures
figuresOpen = Figures
figuresPeriod = Period
figuresDay = today
figuresWeek = this week
figuresMonth = this month
figuresScope = Companies
figuresScopeCompany = { $company } only
figuresScopeAll = every company
figuresCompanies = By company
figuresAgents = By agent
figuresNone = No calls or messages in this period.
figuresSince = From { $since } until now
figName = Name
figCalls = Calls
figAnswerMedian = Answered in (median, s)
figHandleMedian = Call length (median, s)
figUrgentAcked = Urgent acknowledged
figCallbacksDone = Callbacks done
chartCallsPerHour = Calls per hour of the day, by outcome
chartAnswerTimes = Time to answer, calls on the desk's line
chartHour = Hour of the day
chartCalls = Calls
chartSeconds = Seconds to answer
chartPutThrough = put through
chartMessage = message taken
chartAnswered = answered
chartNoOutcome = no outcome
chartNoCalls = No calls in this period.
chartNoAnswerTimes = No calls answered on the desk's line in this period.
chartCallsPerHourSaid = { $calls ->
        [one] 1 call
       *[other] { $calls } calls
    }; the busiest hour { $hour }:00–{ $next }:00 with { $most }.
chartAnswerTimesSaid = { $within } of { $calls } calls on the line answered within 20 seconds.
reportAnswerTimes = Answered on the line in { $median } s (median), nine in ten within { $p90 } s; handled in { $handle } s (median)
reportUrgent = { $urgent } urgent: { $acked } acknowledged{ $minutes ->
        [none] {""}
       *[other] {" "}(median { $minutes } min)
    }, { $escalated } sent on, { $alarms } alarms
reportCallbacksDone = Callbacks: { $done } of { $count } done{ $minutes ->
        [none] {""}
       *[other] , waited { $minutes } min (median)
    }
reportChartsAttached = The charts are attached:
openMessagesHead = Messages for them in the last day
cardGoneFrom = No longer listed in { $source } since { $since }: has this person left? Ctrl+L
cliGoneFrom = No longer listed in { $source } since { $since }: has this person left? `vaihde person leave`
callClosedAnswered = Call logged as answered
callByHandTitle = A call by hand
callByHandNumber = Caller's number (empty: withheld)
callByHandHelp = Enter logs the call for { $company } and shows the caller's earlier calls · Esc cancels
# What a client's staff list taught, until the operator has seen it.
learnedAdded = New since { $day }
learnedAddedAs = New { $title } since { $day }
learnedTitle = { $title } since { $day } (was { $old })
learnedTitleNew = { $title } since { $day }
learnedGone = No longer listed in { $source } since { $day }
learnedBadgeAdded = new
learnedBadgeTitle = new title
learnedBadgeGone = not listed
learnedFrom = from { $source }
learnedSeen = Seen
learnedSeenAll = Mark all seen
sinceShift = Since your last shift
sinceShiftNone = Nothing new from the clients' staff lists
learnedPinned = management
cliLearnedMarked = { $count ->
    [one] One change marked seen
   *[other] { $count } changes marked seen
}
# The calendars panel's staff feeds.
staffFeedKind = staff list
staffFeedListed = { $count ->
    [one] lists one person
   *[other] lists { $count } people
}
staffFeedGone = { $count ->
    [one] one no longer listed
   *[other] { $count } no longer listed
}
staffFeedFailing = last sync failed: { $error }
# What went wrong with a staff feed (where the calendar's words do not fit).
staffProblemNotPublic = the staff list is no longer shared with us (the server refused access, HTTP { $status }): check the address and its password
staffProblemGone = no staff list at this address any more (HTTP { $status }): it may have been moved
staffProblemServerTrouble = the staff list's server has a problem (HTTP { $status }); Vaihde will try again
staffProblemUnexpectedStatus = the server answered HTTP { $status } instead of the staff list
staffProblemSlowDown = the staff list's server asks us to slow down (HTTP 429); Vaihde will try again later
staffProblemTimeout = the staff list's server did not answer in time; Vaihde will try again
staffProblemTls = a secure connection to the staff list's server could not be made (certificate or TLS problem)
staffProblemNameNotFound = the staff list's server name could not be found: check the address
staffProblemUnreachable = the staff list's server could not be reached; Vaihde will try again
staffProblemDownloadFailed = the staff list could not be downloaded; Vaihde will try again
staffProblemTooLarge = the staff list is larger than { $megabytes } MB: is this the right address?
staffProblemFileUnreadable = cannot read the staff file: { $detail }
staffProblemUnreadable = the staff list cannot be read: { $detail }
problemListsNobody = the list lists nobody: refused, so that nobody is flagged as gone; the last good sync is kept. Check the source
problemSuddenDrop = the list lists { $listed } people where its last good sync listed { $before }: refused, so that the others are not flagged as gone; the last good sync is kept. Check the source

## What the calendar reader says about a part of a feed (FeedNote, Unreadable)
noteSkipped = line { $line }: { $why }; the event and its series are skipped
noteUnknownZone = line { $line }: unknown time zone “{ $zone }”; its times are taken in the company's zone
noteEndBeforeStart = line { $line }: the event ends before it starts; read as a moment at its start
noteTooFineGrained = line { $line }: a FREQ={ $freq } rule is too fine-grained to be an absence; skipped
noteTooManyOccurrences = line { $line }: the rule makes more than { $max } occurrences in the window; only the first are used
noteCapped = more than { $max } absences in the { $days }-day window; the earliest { $max } are kept (up to { $until }) and { $dropped } later ones are not
unreadableLine = cannot read this line: { $text }
unreadableValue = { $property } “{ $value }” is not a value it can have
unreadableNoStart = the event has no start (DTSTART)
unreadableStartTwice = the event has two starts (DTSTART twice): which one is meant cannot be known
unreadableUnknownFreq = RRULE { $rule } has no known frequency (FREQ)
unreadableDstGap = { $property } falls in a daylight-saving gap (a time the clocks skip)
unreadableRule = RRULE { $rule } cannot be expanded
unreadableSeries = another part of its series ({ $uid }) cannot be read
unreadableTooDeep = components nested more than { $max } deep; no calendar program writes this
unreadableEndMismatch = END:{ $end } closes BEGIN:{ $begin } of line { $beginLine }
unreadableEndWithoutBegin = END:{ $name } without a BEGIN
unreadableNeverClosed = BEGIN:{ $name } is never closed: the file looks truncated
problemBroken = the calendar cannot be read: line { $line }: { $why }
problemNotACalendar = this is not an iCalendar file (it does not start with BEGIN:VCALENDAR)
problemNotACalendarWebPage = this is a web page, not a calendar: is the address right and the calendar still published?
problemNamesNobodyHere = this calendar no longer names anyone at { $company }: { $absences } absences, none of them our people. If it was replaced by another calendar, check the address; the last good absences are kept
problemSomeoneElses = this calendar now seems to be someone else's: { $events } events involve people at { $other } and none { $person }. Check the address; the last good absences are kept

## A staff file that cannot be imported, and what its import says (ImportError, import notes)
importAtLine = { $file }, line { $line }: { $why }
importAtRow = { $file }, sheet “{ $sheet }”, row { $row }: { $why }
importInFile = { $file }: { $why }
importIo = cannot read { $file }: { $detail }
importNotFound = { $file } does not exist: check the file's name and folder
importNoPermission = { $file } cannot be read: this user may not open it
importEmpty = { $file }: the file is empty
importNoNameColumn = { $file }: no name column found among the headers { $headers }. Expected e.g. Etunimi/Sukunimi, Förnamn/Efternamn or First name/Last name; map yours with --map "Header=given_name"
importMapping = --map “{ $arg }”: { $why }
importMappingForm = write it as "Header=field"
importMappingField = unknown field “{ $field }”; use one of { $names }
importRefused = { $why }; nothing was imported
importBrokenCard = vCard { $n } is broken: { $detail }
importCard = vCard { $n }: { $why }
importCellNotAnEmail = column “{ $header }”: “{ $value }” is not an e-mail address
importCellNotANumber = column “{ $header }”: “{ $value }” is not a telephone number
importCardNotAnEmail = EMAIL “{ $value }” is not an e-mail address
importCardNotANumber = TEL “{ $value }” is not a telephone number
importNoNameCells = no name: the name cells are empty
importCardNoName = has neither FN nor N: every card needs a name
importHeaderUnreadable = cannot read the header row: { $detail }
importNotCsv = not readable as CSV: { $detail }
importTooManyCells = { $cells } cells but the header has { $width }; is the delimiter right? (reading with “{ $delimiter }”; choose another with --delimiter)
importTooFewCells = { $cells } cells but the header has { $width }: a cell or a delimiter is missing (reading with “{ $delimiter }”)
importTwoPeopleByEmail = the e-mail addresses belong to two different people, { $a } and { $b }
importNamesakes = there are several people called { $name }: add an e-mail column so each row says which one
importDuplicateRow = { $name } appears again (first on line { $first }); remove the duplicate row
importNotVcard = no BEGIN:VCARD found: is this a vCard file?
importNotXlsx = not readable as an Excel workbook (.xlsx): { $detail }
importNoSuchSheet = no sheet named “{ $wanted }”; the workbook has { $names } (choose one with --sheet)
importNoSheets = the workbook has no sheets
importSheetUnreadable = sheet “{ $sheet }” cannot be read: { $detail }
importNoteNotAPerson = vCard { $n } (line { $line }) is { $what }, not a person: skipped
importKindGroup = a group
importKindOrg = an organisation
importKindLocation = a place
importNoteUnmapped = column “{ $header }” holds { $what } but is not imported: map it with --map "{ $header }={ $field }" (or =mobile, =extension)
importHoldsEmails = e-mail addresses
importHoldsNumbers = telephone numbers
importNoteNumericPhones = column “{ $header }” holds { $count } number cells (the first on row { $first }): Excel drops a leading 0 and a + from numbers, so check them and format the column as text

## The store's failures (StoreError, db::Error), as the operator can act on them
storeDiskFull = the disk holding Vaihde's data is full: free some space and try again (nothing was changed)
storeReadOnly = Vaihde's data directory is read-only: check its permissions or the disk, or pass another --data-dir (nothing was changed)
storeBusy = another Vaihde kept the directory busy for over 10 seconds; try again (nothing was changed)
storeCannotOpen = { $detail }: check that the data directory exists and you may write there, or pass --data-dir
storeDamaged = { $detail }: the database is damaged; restore a backup with `vaihde import-backup`
storeDatabase = database error: { $detail }
storeTeamDatabase = the team database: { $detail }
storeCreateDir = cannot create the data directory { $path }: { $detail }. Check that you may write there, or pass --data-dir
storeOpen = cannot open the database { $path }: { $why }
storeCopy = this desk has no readable copy of the team database at { $path }: { $detail }
storePermissions = cannot make { $path } private to you: { $detail }
storeMigrate = cannot upgrade the database to version { $version } ({ $name }): { $why }
storeTooNew = the database is from a newer Vaihde (schema { $found }, this one knows up to { $known }): update Vaihde
storeCorrupt = stored data is damaged ({ $detail }); restore a backup with `vaihde import-backup`
problemFileMissing = the calendar file does not exist: check the address or put the file back
problemFileDenied = the calendar file cannot be read: this user may not open it
staffProblemFileMissing = the staff file does not exist: check the address or put the file back
staffProblemFileDenied = the staff file cannot be read: this user may not open it

## Change log fields of a company (ChangeField)
fieldId = short name
fieldName = name
fieldTimezone = time zone
fieldNumbers = company numbers
fieldGreetings = greetings
fieldOpeningHours = opening hours
fieldAllowMobileTransfer = transfers to mobiles
problemNoAddressBook = no address book found there: give the address book's own address, or the server's
problemBadAnswer = the server's answer cannot be read ({ $detail })

## The command line's argument errors (clap's own words stay in --help)
cliArgUnknown = unknown option { $arg }: see `vaihde --help`
cliArgSuggest = did you mean { $suggestion }?
cliArgUnknownCommand = unknown command { $command }: see `vaihde --help`
cliArgInvalidValue = “{ $value }” is not a value { $arg } takes
cliArgValidValues = it takes: { $values }
cliArgMissing = missing: { $args } (see --help)
cliArgMissingCommand = which command? See `vaihde --help`
cliArgConflict = { $arg } cannot be used with { $other }
cliArgInvalid = the arguments are not right ({ $detail }): see --help
cliArgNeedsValue = { $arg } needs a value
staffFileTooLarge = the staff file is larger than { $megabytes } MB: is it the right file?
chooseFile = Choose a file…

## Times as typed (the CLI's --at, --from, --until, opening hours, zones)
timeUnparsable = “{ $text }” is not a time: use RFC 3339 like 2026-11-23T09:30:00+02:00, a local 2026-11-23 09:30 or a date 2026-11-23
timeNotUnderstood = “{ $text }”: { timeForms }
timeNoSuchDay = “{ $text }” is not a day of the calendar
timeSkipped = “{ $text }” does not exist in { $zone } (the clocks skip it at the daylight-saving change): pick another minute
timeNotWeekday = “{ $text }” is not a weekday: use mon, tue, wed, thu, fri, sat or sun
timeUnknownZone = unknown time zone “{ $zone }”: use an IANA name like Europe/Helsinki or Europe/Stockholm

## The CLI's own checks of what was typed
cliUnknownLanguage = unknown language “{ $lang }”: use fi, sv or en
cliArgOneChar = { $arg } takes one ASCII character, such as ;
cliCannotWrite = cannot write { $file }: { $detail }
cliCannotWriteNoFolder = cannot write { $file }: its folder does not exist
cliCannotWriteDenied = cannot write { $file }: this user may not write there
cliHoursForm = opening hours “{ $text }”: write them as "mon-fri 08:00-16:00" or "sat 10:00-14:00"
cliPhoneForm = --phone “{ $text }”: write it as "extension:1234" or "mobile:040 123 4567"; the kind is extension, direct, mobile or other
cliGreetingForm = greeting “{ $text }”: write it as "fi:Hyvää päivää, ..."
cliRoleAlso = also: { $aliases }
cliUnasked304 = { $name }: the server answered “not modified” (304) to a request that did not ask for it

## The window's requests that fail outside the directory
apiNoDataDir = this window has no data directory to remember the team database in: restart Vaihde
apiRememberTeam = the team database's address could not be saved: { $detail }
apiNobodyHandles = nobody handles { $name } now
apiRestart = an earlier request failed badly: restart Vaihde

## What the CLI's other commands say when they fail
dataNoHome = cannot find a home directory for Vaihde's data: pass --data-dir DIR or set VAIHDE_DATA_DIR
backupNotABackup = this is not a Vaihde backup (format “{ $format }”); expected a file written by `vaihde export`
backupTooNew = the backup is version { $version }; this Vaihde reads version { $reads }: update Vaihde
backupNotEmpty = the directory is not empty; restore with --replace to overwrite it (make an export first)
backupNotJson = the backup is not valid JSON: { $detail }
backupDoesNotFit = the backup does not fit together: { $why }
exportCannotWrite = cannot write the spreadsheet: { $detail }
copyNotEmpty = the target database already holds a directory ({ $companies } companies, { $people } people)
copySchemas = the two databases have different schemas ({ $from } and { $to }): open both with this Vaihde first
copyMiscounted = { $table }: { $expected } rows to copy but { $found } arrived; nothing was copied
demoBroken = the demo fixtures are broken ({ $detail }); this is a bug in Vaihde
demoAlreadyLoaded = the demo companies are already loaded; use --replace to load them afresh
mailNoSender = no sender address is set (vaihde mail set --from ADDRESS, or VAIHDE_MAIL_FROM)
mailBadSender = the sender address “{ $address }” is not an e-mail address
mailBadRecipient = “{ $address }” is not an e-mail address the mail library accepts
mailNoRecipients = the message has no e-mail recipients
mailCannotWrite = the e-mail cannot be written: { $detail }
mailNoServer = no mail server is set (vaihde mail set --smtp URL, or VAIHDE_SMTP_URL)
mailAnswers = Answers
mailboxTrouble = the replies could not be read from the mailbox: { $detail }
alarmUnacknowledged = urgent message #{ $id } for { $for } not acknowledged in { $minutes } min: call them or the client
cliExported = Exported { $companies } companies, { $people } people to { $file }
cliExportedStaff = Exported { $people } people of { $company } to { $file }
cliEarliestShown = the earliest { $shown } of { $total } occurrences are printed; see more with --limit

## Why a message was not delivered (yet)
deliveryDetail = { $detail }
mailServerAddress = the mail server's address cannot be read: { $detail }
mailNoTransport = the connection to the mail server cannot be set up: { $detail }
webhookStatus = { $address } answered HTTP { $status }
webhookTimeout = { $address } did not answer in time; Vaihde will try again
webhookUnreachable = { $address } could not be reached; Vaihde will try again
webhookTls = a secure connection to { $address } could not be made (certificate or TLS problem)
webhookNameNotFound = the name in { $address } could not be found: check the webhook's address
webhookRedirectLoop = { $address } redirects too many times: check the webhook's address
webhookFailed = the message could not be posted to { $address }; Vaihde will try again

## The desk's phone line (vaihde line, the window's line settings)
lineNotSet = This desk has no phone line. Set one with: vaihde line set --account sip:EXTENSION@PBX --password …
lineBadAddress = The account “{ $given }” is not a SIP address: write it like sip:200@pbx.example.fi (the desk's extension at the PBX)
lineBadUser = The authentication user “{ $given }” has a space, a quote or a character a SIP user name cannot have
lineBadPassword = The password has a space, a semicolon, a comma, a quote or an angle bracket, which the phone engine cannot pass on: set a password without them at the PBX
lineBadTransport = The transport “{ $given }” is not one of udp, tcp or tls
lineBadCaFile = The PBX's certificate authority { $path } cannot be used ({ $detail }): give the PEM file the PBX's administrator sent, or leave it empty to trust only the system's authorities
lineBadDevice = The sound device “{ $given }” cannot be used: choose one from the list
lineSettingsFile = The desk's line settings { $path } cannot be read or written ({ $detail }); nothing was changed
lineSettingsDamaged = The desk's line settings { $path } are not in a form this version reads ({ $detail }): set the line again with Ctrl+, in the window or vaihde line set
lineEngineMissing = The phone engine ({ $program }) is not installed: install the package linphone-cli
lineEngineFailed = The phone engine stopped: { $detail }
lineRegistering = The line { $account } is registering at the PBX…
lineRegistered = The line { $account } is registered at the PBX: calls can come to this desk
lineRefused = The PBX did not register the line { $account }: check the account, the user and the password (Ctrl+, in the window, or vaihde line set)
lineFailed = The PBX did not register the line { $account } ({ $reason }): check the account, the user and the password (Ctrl+, in the window, or vaihde line set), and that the PBX can be reached
lineUnregistered = The line { $account } is not registered at the PBX
lineSaved = The desk's line is set: { $account } over { $transport }. Try it with: vaihde line test
lineShowAccount = Account: { $account }
lineShowUser = Authentication user: { $user }
lineShowPasswordSet = Password: set (not shown)
lineShowNoPassword = Password: none
lineShowTransport = Transport: { $transport }
lineShowCaFile = PBX's certificate authority: { $path }
lineShowRinger = Ring on: { $device }
lineShowPlayback = Caller heard on: { $device }
lineShowCapture = Microphone: { $device }
lineNoDevices = The phone engine finds no sound card on this machine: calls can be answered and put through, but not heard
lineDeviceBoth = { $device } (playback and microphone)
lineDevicePlayback = { $device } (playback)
lineDeviceCapture = { $device } (microphone)
lineRemoved = The desk's phone line is removed; the desk works as before, without one
lineText = { $text }
lineNoCallerId = an unknown number
lineRingsFor = { $company }: a call from { $caller }
lineRingsUnknownNumber = A call to { $dialled }, a number no client has, from { $caller }
lineRings = A call rings from { $caller }
lineAnswered = Answered: { $caller }
lineHeld = On hold: { $caller }
lineColleagueAnswered = { $to } answered: speak, then connect the caller or take them back
linePutThrough = { $caller } put through to { $to }
lineTransferFailed = Transfer to { $to } failed ({ $why }): { $caller } is on hold at the desk
lineEnded = The call with { $caller } ended
lineCalling = Calling { $called } back…
lineCallbackAnswered = { $caller } answered the callback
lineCallbackEnded = The callback to { $caller } ended: say how it went (reached, no answer, message left)
lineNotDiallable = “{ $number }” is not a number the line can dial
lineDown = The phone line is down ({ $reason }): calls cannot reach this desk until it is up again
lineFailRefused = busy or refused
lineFailNotFound = no such number
lineFailNoAnswer = no answer
lineFailNotReached = busy, refused or no such number
lineFailOther = not completed
lineFailDetail = { $detail }
lineNotRunning = The desk's phone line is not running: see the line's state above the calls
lineCallsAtDesk = The line cannot be changed while calls are at the desk: finish them first
lineSettingsTitle = The desk's phone line
lineSettingsOpen = Phone line
lineSettingsHelp = The desk's own SIP account at the PBX: the address and password the PBX gave this extension. Enter saves and registers; the line's state shows above the calls. Without a line, Enter copies the number as before.
lineSettingsPasswordKept = A password is set: leave the field empty to keep it
lineSettingsRemove = Remove the line
lineDeviceRinger = Ring on
lineDevicePlaybackLabel = Caller heard on (headset)
lineDeviceCaptureLabel = Microphone
lineDeviceAny = the engine's choice
lineSettingsSaved = The line is saved: { $account } ({ $transport }); registering at the PBX
lineSettingsRemoved = The desk's phone line is removed; Enter copies the number again
lineNoNumber = There is no number to put the call through to: choose a person or a role with a number
lineNoSuchCall = That call is no longer at the desk
lineNotNow = That cannot be done to the call as it stands now
lineLogFailed = The call log could not be written ({ $detail }); the call itself goes on
lineHeldLong = { $caller } has been on hold for { $seconds } seconds: go back to the caller
lineRestarting = The phone engine stopped; it is being started again
lineFailedMark = Transfer to { $to } failed: { $why }
lineDemo = Demo line: simulated callers, no PBX. Transfers to extensions are answered, to other numbers not
lineBusy = on the phone
lineRinging = ringing
callsPanel = Calls
callsNone = No calls at the desk
callStateRinging = rings
callStateCalling = calling back
callStateTalking = on the line
callStateHeld = on hold
callStateTransferring = being put through to { $to }
callStateConsulting = on hold: you are calling { $to }
callStateColleagueOn = on hold: { $to } is on the line with you
callsKeys = Ctrl+Enter answers the next call · Ctrl+H holds or resumes · Ctrl+E hangs up · Enter puts through · Shift+Enter asks first, then connects
callTransferring = Putting the caller through to { $to }…
callConsulting = Calling { $to }; the caller is on hold
callNoCall = No call at the desk to act on
