/* benchtext.c: the word lists and sentence templates of the scale bench's generated posts
 * (benchtext.h), and the expansion that turns them into titles, dilemmas, replies and bios.
 * Templates name lists in braces ("{gift}"); the four patient slots (a_pt, the_pt, pts, ptp)
 * say "patient" only in posts that should hold the word, and something else in the others.
 * "patient", "neighbour" and "malpractice" appear nowhere else, so the caller decides how
 * many posts hold them. */
#include "benchtext.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ================================================================ the people in the story */

static const char *const A_PT_YES[] = {
	"a patient", "a young patient", "an elderly patient", "a long-term patient", "a patient",
	"a regular patient", "a hospice patient", "a patient", "a post-op patient", "a frail patient",
	"a lonely patient", "a patient", "a dialysis patient", "a teenage patient", "a patient",
};
static const char *const A_PT_NO[] = {
	"a resident", "an older gentleman", "a young mum", "a teenager", "a veteran", "a client",
	"a man I looked after", "a woman I cared for", "a retired teacher", "a new mother",
	"a lady on hospice", "a grandfather", "a college student", "a regular at our clinic",
};
static const char *const THE_PT_YES[] = {
	"the patient", "my patient", "this patient", "our patient", "the patient", "that patient",
};
static const char *const THE_PT_NO[] = {
	"the resident", "this gentleman", "this lady", "the client", "this young man", "the mum",
	"the old man", "the woman",
};
static const char *const PTS_YES[] = {
	"patients", "our patients", "my patients", "the patients", "patients and families",
};
static const char *const PTS_NO[] = {
	"residents", "families", "clients", "the people we care for", "the people in our care",
	"the folks we look after",
};
static const char *const PTP_YES[] = {
	"the patient's", "my patient's", "this patient's", "our patient's",
};
static const char *const PTP_NO[] = {
	"the resident's", "the client's", "the family's", "his", "her", "their",
};

static const char *const ROLE[] = {
	"charge nurse", "nurse manager", "preceptor", "attending", "hospitalist", "resident",
	"unit secretary", "CNA", "tech", "pharmacist", "respiratory therapist", "social worker",
	"case manager", "chaplain", "house supervisor", "night supervisor", "travel nurse",
	"float nurse", "new grad", "nursing student", "clinical educator", "director of nursing",
	"union rep", "risk manager", "intensivist", "surgeon", "physical therapist", "dietitian",
	"nurse practitioner", "team lead", "bed manager", "unit director", "ethics consultant",
};
static const char *const UNIT[] = {
	"unit", "floor", "ICU", "step-down unit", "ED", "clinic", "med-surg floor", "oncology unit",
	"L&D unit", "NICU", "rehab unit", "nursing home", "hospice", "dialysis center", "PACU",
	"cardiac unit", "neuro floor", "trauma bay", "psych unit", "telemetry floor", "burn unit",
	"school", "infusion center", "surgical floor", "mother-baby unit", "memory care unit",
};
static const char *const RELATIVE[] = {
	"daughter", "son", "wife", "husband", "mother", "father", "sister", "brother", "partner",
	"granddaughter", "grandson", "nephew", "niece", "aunt", "best friend", "daughter-in-law",
	"stepson", "fiancee", "uncle", "cousin",
};
static const char *const RELATIVE_MINE[] = {
	"aunt", "uncle", "cousin", "old teacher", "ex-boyfriend", "best friend's mother",
	"kid's soccer coach", "pastor", "landlord", "former coworker", "mother-in-law",
	"high school friend", "hairdresser", "son's teacher", "childhood friend",
};
static const char *const VIP[] = {
	"board member", "local celebrity", "city councillor", "doctor's wife", "major donor",
	"hospital executive", "retired surgeon", "news anchor", "famous athlete",
	"nurse from another unit", "police officer", "pastor",
};

/* ================================================================ what happens */

static const char *const GIFT[] = {
	"flowers", "a box of chocolates", "a gift card", "cash", "a fifty dollar bill",
	"homemade cookies", "a scarf she knitted", "concert tickets", "a bottle of wine", "a watch",
	"a necklace", "a painting", "a fruit basket", "a check", "lottery tickets", "a casserole",
	"a hundred dollars in an envelope", "a coffee mug", "a handwritten card", "a spa voucher",
	"a quilt", "baked bread", "season tickets", "an expensive pen", "a framed photo",
	"a tip", "a restaurant voucher", "a plant", "a pair of earrings", "homemade jam",
};
static const char *const GIFT_SMALL[] = {
	"candy", "little notes", "coffee", "drawings", "snacks", "stickers", "flowers from the garden",
	"origami cranes", "muffins", "poems",
};
static const char *const GIFT_KIND[] = {
	"cash", "gift cards", "personal gifts", "anything of value", "money", "expensive gifts",
	"tips", "jewellery",
};
static const char *const CONTACT[] = {
	"phone number", "personal email", "Facebook", "Instagram", "home address", "cell number",
	"WhatsApp", "last name", "Snapchat", "work schedule", "LinkedIn",
};
static const char *const SOCIAL[] = {
	"Facebook", "Instagram", "TikTok", "LinkedIn", "Snapchat", "Twitter", "a dating app",
};
static const char *const EVENT[] = {
	"discharge", "a long admission", "a difficult delivery", "the funeral", "a code",
	"the last round of chemo", "the surgery", "the transfer", "a hospice stay",
	"months of dialysis", "a rough night", "the amputation", "the diagnosis", "a long rehab",
	"the transplant", "a stillbirth", "a rapid response", "an overdose", "the NICU stay",
};
static const char *const WHEN[] = {
	"during a night shift", "at the end of my shift", "last week", "yesterday",
	"over the weekend", "at handoff", "during report", "on my day off", "after twelve hours",
	"at three in the morning", "right before discharge", "the morning after", "on Christmas Eve",
	"halfway through a double", "during med pass", "at the bedside", "at the nurses' station",
	"in the elevator", "in the parking garage", "in front of the whole team",
};
static const char *const TIME_AGO[] = {
	"two weeks ago", "last month", "a year ago", "in the spring", "last summer", "six months ago",
	"a few days ago", "three years ago", "before the holidays", "last Tuesday",
};
static const char *const DURATION[] = {
	"three weeks", "two months", "almost a year", "six shifts in a row", "four months",
	"most of the winter", "ten days", "over a year", "several admissions",
};
static const char *const PUBLIC_PLACE[] = {
	"the grocery store", "church", "my gym", "the pharmacy", "a bar", "my daughter's school",
	"the farmers market", "a wedding", "the dentist", "the dog park", "a football game",
	"the airport", "a restaurant", "the library", "the mall",
};
static const char *const PERSONAL[] = {
	"love life", "kids", "religion", "politics", "divorce", "health", "salary", "address",
	"weekend plans", "tattoos", "drinking", "family", "past", "weight", "marriage",
};
static const char *const SECRET[] = {
	"that he drinks every night", "that she is not taking her meds", "about a gun at home",
	"about an affair", "that he plans to leave against medical advice",
	"that her husband scares her", "about using again", "that he stopped dialysis on purpose",
	"about the money", "that she lied to her doctor",
};
static const char *const FAVOUR[] = {
	"bump a friend up the list", "look at a chart I have no reason to open",
	"give an extra dose early", "sit with a family member off the clock",
	"skip the visitor rules", "get a private room", "pass a message to a doctor",
	"swap assignments so I get a favourite", "sign as a witness",
	"drive someone home after discharge", "check on someone at home", "lend some money",
	"come to a birthday party", "babysit",
};
static const char *const MEAL[] = {
	"dinner", "coffee", "lunch", "drinks", "brunch", "a barbecue", "a family dinner",
};
static const char *const FEELING[] = {
	"uncomfortable", "torn", "guilty", "flattered", "awkward", "conflicted", "anxious",
	"unsure", "exhausted", "relieved", "embarrassed", "touched", "worried", "angry", "sad",
	"confused", "cornered", "protective", "responsible", "uneasy",
};
static const char *const COLD_ADJ[] = {
	"cold", "rude", "ungrateful", "robotic", "unkind", "heartless", "distant", "stiff",
	"standoffish", "harsh",
};
static const char *const RISK[] = {
	"cross a line", "lose my license", "get a complaint", "blur the relationship",
	"get pulled into their family drama", "set a precedent", "end up in front of the board",
	"make my coworkers resentful", "lose the trust we built",
};
static const char *const WORRY[] = {
	"how it looks to my coworkers", "where it could lead", "the family's expectations",
	"what my manager would say", "favouritism", "the board of nursing",
	"being seen as the nurse who accepts things", "the other people on the unit",
};
static const char *const TASK[] = {
	"a dressing change", "a bed bath", "med pass", "a blood draw", "a turn", "admission paperwork",
	"discharge teaching", "a wound vac change", "a foley insertion", "an IV start",
	"hourly rounding", "a central line dressing", "a transfusion", "a bladder scan",
};
static const char *const STAFFING[] = {
	"no CNA", "a float nurse who had never worked cardiac", "two call-outs", "one nurse short",
	"a sitter pulled to another unit", "no unit secretary", "a charge nurse with a full load",
};
static const char *const COND[] = {
	"sepsis", "pneumonia", "a stroke", "heart failure", "COPD", "a hip fracture", "DKA",
	"end-stage renal disease", "pancreatitis", "a GI bleed", "cellulitis", "dementia",
	"delirium", "alcohol withdrawal", "an overdose", "postpartum hemorrhage", "preeclampsia",
	"a bowel obstruction", "metastatic cancer", "leukemia", "a brain injury", "burns",
	"a spinal cord injury", "cirrhosis", "ALS", "sickle cell crisis", "an MI", "a PE",
	"a new trach", "a bad fall", "anorexia", "schizophrenia", "bipolar disorder", "COVID",
};
static const char *const MED[] = {
	"heparin", "insulin", "morphine", "hydromorphone", "lorazepam", "haloperidol",
	"vancomycin", "pip-tazo", "furosemide", "metoprolol", "oxycodone", "naloxone", "methadone",
	"buprenorphine", "ondansetron", "acetaminophen", "potassium", "magnesium", "warfarin",
	"enoxaparin", "norepinephrine", "propofol", "fentanyl", "dexmedetomidine", "amiodarone",
	"prednisone", "lactulose", "quetiapine", "oxytocin", "labetalol",
};

/* The long tail: terms of the trade, picked with a Zipf-like skew. */
static const char *const TERM[] = {
	"charting", "handoff", "bedside report", "call lights", "sitter", "restraints", "telemetry",
	"vitals", "I&Os", "fall risk", "bed alarm", "rapid response", "code blue", "crash cart",
	"med rec", "PRNs", "pain scores", "wound care", "pressure injuries", "turning schedule",
	"foley care", "central lines", "PICC lines", "blood cultures", "lactate", "troponins",
	"glucose checks", "sliding scale", "tube feeds", "NG tube", "ostomy care", "drains",
	"chest tubes", "vent weaning", "sedation vacation", "CAM-ICU", "CIWA", "COWS", "sepsis bundle",
	"isolation gowns", "N95s", "hand hygiene", "C diff", "MRSA", "VRE", "contact precautions",
	"discharge planning", "case conferences", "family meetings", "goals of care", "DNR orders",
	"comfort care", "palliative sedation", "bereavement", "post-mortem care", "organ donation",
	"incident reports", "staffing grids", "mandatory overtime", "floating", "agency staff",
	"self-scheduling", "PTO", "shift differentials", "clinical ladders", "peer review",
	"just culture", "chain of command", "scope of practice", "delegation", "supervision",
	"orientation", "competencies", "skills fairs", "annual education", "BLS", "ACLS", "PALS",
	"NRP", "TNCC", "certification", "CEUs", "preceptorship", "residency programs",
	"EHR downtime", "barcode scanning", "smart pumps", "Pyxis overrides", "wasting narcotics",
	"double checks", "high-alert meds", "titrations", "drips", "boluses", "blood products",
	"consent forms", "interpreters", "health literacy", "teach-back", "advance directives",
	"guardianship", "capacity assessments", "AMA paperwork", "elopement", "psych holds",
	"de-escalation", "workplace violence", "security calls", "visitor badges",
	"visiting hours", "quiet hours", "sleep hygiene", "early mobility", "PT consults",
	"OT evals", "speech therapy", "swallow screens", "aspiration precautions", "NPO orders",
	"bowel regimens", "constipation", "nausea", "hypoglycemia", "hyperkalemia", "hyponatremia",
	"AKI", "CRRT", "fistula checks", "fluid restrictions", "daily weights", "edema", "dyspnea",
	"oxygen titration", "BiPAP", "high-flow", "incentive spirometry", "suctioning",
	"trach care", "skin checks", "braden scores", "heel protectors", "specialty beds",
	"lift equipment", "body mechanics", "back injuries", "burnout", "compassion fatigue",
	"moral injury", "debriefs", "EAP", "therapy", "sleep", "night shift", "caffeine",
	"twelve-hour shifts", "weekend rotation", "holiday schedules", "union contracts",
	"grievances", "staffing ratios", "acuity", "admissions", "transfers", "boarding",
	"hallway beds", "bed huddles", "safety huddles", "unit councils", "shared governance",
	"magnet status", "satisfaction scores", "press ganey", "rounding logs",
	"discharge calls", "follow-up appointments", "home health referrals", "DME orders",
	"prior authorizations", "social work consults", "chaplain visits", "ethics consults",
	"risk management", "legal holds", "subpoenas", "depositions", "board complaints",
	"license renewal", "compact licenses", "travel contracts", "cancellation clauses",
	"housing stipends", "per diem shifts", "float pools", "weekend option", "self-care",
	"boundaries training", "professionalism", "confidentiality", "HIPAA", "minimum necessary",
	"chart audits", "break-the-glass", "privacy officers", "media requests", "photographs",
	"personal phones", "group chats", "text messages", "secure messaging", "pagers",
};

/* ================================================================ advice and opinion */

static const char *const ACTION[] = {
	"thank them warmly", "decline politely", "document the conversation", "tell your charge nurse",
	"loop in social work", "check your policy", "talk to your manager", "ask for a chaplain visit",
	"escalate it", "write a factual note", "call the ethics line", "keep it professional",
	"redirect to the care team", "suggest a card for the whole unit", "set a clear limit",
	"ask for a reassignment", "say no kindly", "explain the rule once and move on",
	"share it with the team", "talk it through with your preceptor",
	"give the money back with a kind note", "block the account", "report it to risk management",
	"ask your union rep", "sleep on it", "ask the family to write to your manager instead",
};
static const char *const POLICY[] = {
	"the gift policy", "the social media policy", "the HR handbook", "our code of conduct",
	"the board of nursing guidance", "the ANA code of ethics", "the NCSBN boundaries guide",
	"hospital policy", "the union contract", "the employee handbook", "the privacy policy",
	"the visitor policy", "the conflict of interest policy",
};
static const char *const POLICY_SHORT[] = {
	"our policy", "hospital policy", "the gift policy", "our handbook", "our code of conduct",
};
static const char *const SUPPORT[] = {
	"social work", "your manager", "the chaplain", "guest relations", "the ethics team",
	"security", "your charge nurse", "the palliative team", "risk management", "HR",
};
static const char *const ROLE_SAYS[] = {
	"it is fine as long as nobody finds out", "to just say no and move on",
	"that everyone does it", "to take it and share it with the unit",
	"that it is my call", "to ignore it", "to write it up", "that it depends on the amount",
};
static const char *const OPINION[] = {
	"I think you already know the answer", "I would not overthink a card",
	"cash is always a no", "it is kinder to be clear early", "you handled it well",
	"your gut feeling is worth listening to", "this one is a grey area",
	"once you open that door it is hard to close", "your manager should back you up",
	"it is about the power difference, not the gift", "the friend request can wait forever",
	"nobody becomes a worse nurse by saying no",
};
static const char *const DISAGREE[] = {
	"a small gift shared with the team is not a scandal",
	"going to the funeral can be part of good care", "a hug is not always a boundary violation",
	"telling them a little about yourself can build trust",
	"a strict no can feel like rejection to someone dying",
	"the policy is the floor, not the whole answer",
};
static const char *const REDIRECT[] = {
	"the care team", "the unit's thank-you board", "guest relations", "the foundation",
	"a card for everyone", "the discharge nurse", "their primary doctor", "the clinic's main line",
};
static const char *const PAST_ACTION[] = {
	"said no and it was fine", "took the card and gave the cash back",
	"told my manager right away", "made it a team gift", "ignored the request",
	"explained the policy and they understood", "regretted saying yes",
	"went to the funeral and was glad I did", "asked for a reassignment",
};
static const char *const PAST_HANDLE[] = {
	"meeting the family with social work", "putting it in the care plan",
	"rotating the assignment", "writing a clear note", "having one honest conversation",
	"asking the chaplain to step in", "setting visiting rules for everyone",
};
static const char *const TIME_RULE[] = {
	"a year", "six months", "a clean break", "waiting until care has truly ended",
	"never while they are still on your unit",
};
static const char *const ITEM[] = {
	"snack basket", "shared treat table", "thank-you board", "donation box", "card wall",
	"coffee fund",
};
static const char *const STATE[] = {
	"scared", "lonely", "in pain", "bored", "grateful", "overwhelmed", "grieving", "confused",
	"hopeful", "angry",
};
static const char *const SPECIALTY_PHRASE[] = {
	"critical care", "the ED", "oncology", "hospice", "home health", "psych", "L&D", "the NICU",
	"long-term care", "med-surg", "dialysis", "school nursing", "corrections", "pediatrics",
	"rehab", "the OR", "the cath lab", "public health",
};
static const char *const YEARS_N[] = {
	"two", "three", "five", "seven", "ten", "twelve", "fifteen", "twenty", "twenty-five", "thirty",
};
static const char *const QUESTIONABLE[] = {
	"accept a hug from a family", "go to a former resident's funeral",
	"give my number to a lonely old man", "friend a former client on Facebook",
	"take home-baked cookies", "visit a family after discharge", "pray with a family",
	"share my own cancer story", "date someone I met at work", "accept a tip",
	"look up a coworker's chart", "help a friend's kid with meds",
};
static const char *const SHORT_RULE[] = {
	"Never give out your personal number.", "Cash is always a no.",
	"Document it the same shift.", "Your manager needs to hear it from you first.",
	"Share food with the team, return the rest.", "No friend requests while care is ongoing.",
	"Ask before you act.", "Kindness and limits go together.",
};

/* ================================================================ the templates */

/* Dilemmas open with one of these (each names the person cared for). */
static const char *const D_OPEN[] = {
	"{a_pt} I cared for {when} asked for my {contact}.",
	"I have been looking after {a_pt} with {cond} for {duration}, and {the_pt} now calls me by a nickname.",
	"{when}, the {relative} of {a_pt} on my {unit} offered me {gift}.",
	"{the_pt} I discharged {time_ago} sent me a friend request on {social}.",
	"My {relative_mine} was admitted to my {unit}, and {the_pt} asked that I be the assigned nurse.",
	"{a_pt} with {cond} told me {secret} and asked me not to chart it.",
	"After {event}, {ptp} {relative} wants to take me out for {meal} to say thank you.",
	"A {role} asked me to {favour} for {a_pt} who is also a {vip}.",
	"I ran into {a_pt} from my {unit} at {public_place} {time_ago}, and {the_pt} hugged me in front of my kids.",
	"{the_pt} keeps asking about my {personal} every time I come in the room.",
	"{a_pt} who has been on our {unit} for {duration} has started leaving me {gift_small} every shift.",
	"I recognised {a_pt} on the {unit} as my {relative_mine}.",
	"{ptp} {relative} has been texting the unit phone asking for me by name.",
	"{a_pt} on {med} for {cond} asked me to {favour}.",
	"I went to {ptp} funeral {time_ago} and now the {relative} wants to stay in touch.",
	"{the_pt} left me {gift} in their will, and the {relative} is furious.",
};
/* Replies open with one of these. */
static const char *const R_OPEN[] = {
	"I would thank {the_pt} warmly and explain that {policy_short} does not let us accept {gift_kind}.",
	"This happens a lot in {specialty_phrase}, and {pts} usually understand when you are honest.",
	"You can care deeply about {pts} and still keep that line.",
	"Your instinct to pause before answering {the_pt} is a good one.",
	"{pts} often test limits when they are {state}, and it is not personal.",
	"I had {a_pt} do exactly this {time_ago}, and I {past_action}.",
	"Remember that {the_pt} is in a vulnerable position and you hold the power here.",
	"It sounds like {the_pt} trusts you, which is a compliment, not a problem.",
	"In {years_n} years of {specialty_phrase} I have learned that {pts} remember how you said no more than the no itself.",
	"Please talk to your {role} before you answer {ptp} {relative}.",
	"{ptp} feelings are real, and so is your license.",
	"Not wanting to hurt {the_pt} is what makes you a good nurse.",
};
/* The middle of a dilemma. */
static const char *const D_BODY[] = {
	"I said I would think about it, which was probably a mistake.",
	"I felt {feeling} because {the_pt} has nobody else visiting.",
	"{policy} does not really cover this situation.",
	"My {role} told me {role_says}, but I am not sure that is right.",
	"I do not want to seem {cold_adj}, but I also do not want to {risk}.",
	"We have a good rapport and {the_pt} has been through a lot with {cond}.",
	"Part of me thinks it is harmless, part of me worries about {worry}.",
	"The {relative} said it would mean a lot to the whole family.",
	"I have been a nurse for {years_n} years and this never came up in {specialty_phrase}.",
	"Nobody on my {unit} agrees on what the rule is.",
	"I already said I would ask my {role}, so I need an answer soon.",
	"It happened again {when}, and this time {the_pt} seemed hurt when I hesitated.",
	"To be clear, nothing inappropriate has happened.",
	"I keep replaying the conversation on my drive home.",
	"We were in the middle of {task} when it came up.",
	"{the_pt} is on {med} and {med}, and is fully oriented.",
	"The shift was chaos: three admissions, a rapid response and {staffing}.",
	"Our {unit} has been drowning in {term} and {term} lately, so I did not think it through.",
	"I mentioned it at the huddle, between {term} and {term}, and got five different answers.",
	"The {relative} is lovely, and that makes it harder.",
	"I am {feeling} and a bit {feeling} about the whole thing.",
	"When I hesitated, the {relative} said the other nurses never make a fuss.",
	"I looked through {policy} and found nothing about {term}.",
	"My gut says no, but my heart says {the_pt} deserves some kindness after {event}.",
};
/* The middle of a reply. */
static const char *const R_BODY[] = {
	"I would {action} and {action}.",
	"Then {action} so there is a record.",
	"Talk to your {role} before anything else.",
	"Check {policy}; most places allow small treats shared with the team.",
	"{policy} is pretty clear on this.",
	"In {years_n} years of {specialty_phrase} I have seen this go wrong more than once.",
	"Document it in a factual note, no opinions.",
	"If you feel {feeling}, that is your answer.",
	"There is a difference between being friendly and being a friend.",
	"Once care has ended the rules are less simple, but {time_rule} is a sensible minimum.",
	"A card for the whole {unit} is usually fine; {gift_kind} never is.",
	"You are not being {cold_adj}; you are being professional.",
	"Loop in {support} if the {relative} keeps pushing.",
	"We had a similar case with {cond} on my {unit}, and the {role} handled it by {past_handle}.",
	"Honestly, {opinion}.",
	"Good luck, and thank you for asking before acting.",
	"I disagree with some of the replies here: {disagree}.",
	"Our {unit} keeps a {item} where gifts can be shared, which takes the pressure off.",
	"If it comes up again, redirect to {redirect}.",
	"We were juggling {term}, {term} and {term} that week, so I understand how it slips by.",
	"Bring it up at the next staff meeting; nobody is an expert on {term} either.",
	"Whatever you decide, {action} first.",
	"I learned this the hard way during {term} as a new grad.",
	"{opinion}, and {opinion}.",
	"Ask yourself whether you would do the same for every person on your {unit}.",
	"Your {role} should have a script for this, and if not, write one together.",
	"For what it is worth, I {past_action}.",
};
/* A dilemma ends with a question. */
static const char *const D_END[] = {
	"What would you do?", "Is there a kind way to say no?", "Am I overthinking this?",
	"Has anyone been in this position?", "How do you handle this without hurting them?",
	"Should I tell my {role}?", "Where is the line here?", "Is this a boundary issue or not?",
	"Would you accept it?", "How do I walk this back?",
};
static const char *const NEIGHBOUR[] = {
	"It turned out the family lives next door: they are my neighbour, which made every shift awkward.",
	"Now I see the {relative} every morning because my neighbour is their cousin.",
	"My neighbour asked me about it at the mailbox, and I said nothing.",
	"Being someone's neighbour and their nurse is a hard mix in a small town.",
};
static const char *const MALPRACTICE[] = {
	"Before you do anything, check whether your malpractice insurance covers advice given off duty.",
	"My union rep reminded me that malpractice insurance will not cover you outside your scope.",
	"Does anyone know if personal malpractice insurance covers something like this?",
	"This is exactly the kind of thing malpractice insurance lawyers ask about.",
	"I carry my own malpractice insurance for situations like this one.",
};
static const char *const TITLE[] = {
	"{a_pt} asked for my {contact} at discharge",
	"{relative} offered me {gift} after {event}",
	"Friend request from {a_pt} I discharged {time_ago}",
	"Is it okay to {questionable}?",
	"{role} wants me to {favour}",
	"Caring for my {relative_mine} on my own {unit}",
	"{the_pt} keeps asking about my {personal}",
	"Ran into {a_pt} at {public_place}",
	"Should I go to {ptp} funeral?",
	"{gift} from {a_pt}: keep it, share it, or return it?",
	"{a_pt} told me {secret} and asked me not to chart it",
	"How do you say no to {a_pt} without hurting them?",
	"Texted by {ptp} {relative} on my day off",
	"A {vip} on my {unit} wants special treatment",
	"Coworker posted about {a_pt} on {social}",
	"Hugging {pts}: where do you draw the line?",
	"{ptp} {relative} wants to take me out for {meal}",
	"Left {gift} in a will: what now?",
	"My {role} says {role_says}",
	"Too much self-disclosure with {a_pt} with {cond}?",
};
static const char *const BIO[] = {
	"Nurse in {specialty_phrase} for {years_n} years. Here to learn from everyone.",
	"Night shift in {specialty_phrase}. Coffee, {term} and boundaries.",
	"Former {role}, now back at the bedside.",
	"New grad trying to do this right.",
	"{years_n} years in {specialty_phrase}; I precept new nurses and still ask questions.",
	"Mostly lurking, sometimes answering about {term}.",
};
static const char *const HIDE_REASON[] = {
	"Shared details that could identify someone.", "Personal attack on another member.",
	"Advertising.", "Medical advice outside the forum's purpose.", "Off-topic and heated.",
	"Posted a coworker's full name.",
};
static const char *const PICK_NOTE[] = {
	"Clear, kind and practical: a script anyone can use.",
	"Explains the why, not just the rule.", "The consensus of the thread, well put.",
	"Good on documentation and who to involve.", "A respectful way to say no.",
};
static const char *const HANDLE_A[] = {
	"calm", "quiet", "night", "tired", "brave", "kind", "steady", "sleepy", "busy", "gentle",
	"bold", "swift", "wise", "happy", "sunny", "rainy", "early", "late", "north", "south",
};
static const char *const HANDLE_B[] = {
	"Otter", "Heron", "Owl", "Nurse", "Medic", "Fox", "Wren", "Lark", "Badger", "Hare",
	"RN", "Scrubs", "Pager", "Charge", "Shift", "Lamp", "Bell", "Clipboard", "Stetho", "Pulse",
};

/* ================================================================ expansion */

struct slot {
	const char *name;
	const char *const *yes;   /* the list (for the patient slots: when the post holds "patient") */
	const char *const *no;    /* the patient slots only: the list otherwise */
	size_t nyes, nno;
	bool zipf;                /* pick with a skew toward the first items */
};

#define LIST(name, a) { name, a, NULL, N(a), 0, false }
#define PT(name, y, n) { name, y, n, N(y), N(n), false }
static const struct slot SLOTS[] = {
	PT("a_pt", A_PT_YES, A_PT_NO), PT("the_pt", THE_PT_YES, THE_PT_NO),
	PT("pts", PTS_YES, PTS_NO), PT("ptp", PTP_YES, PTP_NO),
	LIST("role", ROLE), LIST("unit", UNIT), LIST("relative", RELATIVE),
	LIST("relative_mine", RELATIVE_MINE), LIST("vip", VIP), LIST("gift", GIFT),
	LIST("gift_small", GIFT_SMALL), LIST("gift_kind", GIFT_KIND), LIST("contact", CONTACT),
	LIST("social", SOCIAL), LIST("event", EVENT), LIST("when", WHEN), LIST("time_ago", TIME_AGO),
	LIST("duration", DURATION), LIST("public_place", PUBLIC_PLACE), LIST("personal", PERSONAL),
	LIST("secret", SECRET), LIST("favour", FAVOUR), LIST("meal", MEAL), LIST("feeling", FEELING),
	LIST("cold_adj", COLD_ADJ), LIST("risk", RISK), LIST("worry", WORRY), LIST("task", TASK),
	LIST("staffing", STAFFING), LIST("cond", COND), LIST("med", MED),
	{ "term", TERM, NULL, N(TERM), 0, true },
	LIST("action", ACTION), LIST("policy", POLICY), LIST("policy_short", POLICY_SHORT),
	LIST("support", SUPPORT), LIST("role_says", ROLE_SAYS), LIST("opinion", OPINION),
	LIST("disagree", DISAGREE), LIST("redirect", REDIRECT), LIST("past_action", PAST_ACTION),
	LIST("past_handle", PAST_HANDLE), LIST("time_rule", TIME_RULE), LIST("item", ITEM),
	LIST("state", STATE), LIST("specialty_phrase", SPECIALTY_PHRASE), LIST("years_n", YEARS_N),
	LIST("questionable", QUESTIONABLE),
};

/* Text under construction. */
struct out {
	char *buf;
	size_t len;
	int words;
	bool patient;          /* the patient slots say "patient" */
	bool said_patient;     /* one of them was expanded */
	struct rng *r;
};

static const struct slot *slot_named(const char *name, size_t n)
{
	for (size_t i = 0; i < N(SLOTS); i++)
		if (strlen(SLOTS[i].name) == n && memcmp(SLOTS[i].name, name, n) == 0)
			return &SLOTS[i];
	return NULL;
}

/* An index in [0, n) skewed toward 0 (roughly Zipf: the k-th about 1/k as likely). */
static size_t zipf_index(struct rng *r, size_t n)
{
	double u = rng_unit(r);
	size_t i = (size_t)((double)n * u * u * u);
	return i < n ? i : n - 1;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n >= BENCHTEXT_MAX - 1)
		n = BENCHTEXT_MAX - 1 - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Appends one item of slot s. */
static void put_slot(struct out *o, const struct slot *s)
{
	bool pt = s->no != NULL;
	const char *const *list = pt && !o->patient ? s->no : s->yes;
	size_t n = pt && !o->patient ? s->nno : s->nyes;
	put_str(o, list[s->zipf ? zipf_index(o->r, n) : rng_below(o->r, (uint32_t)n)]);
	if (pt && o->patient)
		o->said_patient = true;
}

static int count_words(const char *s, size_t n)
{
	int words = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool space = s[i] == ' ' || s[i] == '\n';
		words += !space && !in;
		in = !space;
	}
	return words;
}

/* Appends template tpl expanded, its first letter capitalised. */
static void put_template(struct out *o, const char *tpl)
{
	size_t start = o->len;
	for (const char *p = tpl; *p; ) {
		const char *open = strchr(p, '{');
		if (!open) {
			put_str(o, p);
			break;
		}
		put(o, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		const struct slot *s = close ? slot_named(open + 1, (size_t)(close - open - 1)) : NULL;
		if (s)
			put_slot(o, s);
		p = close ? close + 1 : open + 1;
	}
	if (o->buf[start] >= 'a' && o->buf[start] <= 'z')
		o->buf[start] = (char)(o->buf[start] - 'a' + 'A');
	o->words += count_words(o->buf + start, o->len - start);
}

static const char *pick(struct rng *r, const char *const *list, size_t n)
{
	return list[rng_below(r, (uint32_t)n)];
}
#define PICK(r, a) pick(r, a, N(a))

/* ================================================================ posts */

/* Drops the spaces that end the text so far. */
static void trim(struct out *o)
{
	while (o->len && o->buf[o->len - 1] == ' ')
		o->buf[--o->len] = '\0';
}

/* A markdown list of three different pieces of advice, as a paragraph of its own. */
static void put_advice_list(struct out *o)
{
	uint32_t first = rng_below(o->r, N(ACTION)), step = 1 + rng_below(o->r, N(ACTION) / 3);
	trim(o);
	while (o->len && o->buf[o->len - 1] == '\n')
		o->buf[--o->len] = '\0';
	put_str(o, "\n\n");
	for (uint32_t i = 0; i < 3; i++) {
		put_str(o, i ? "\n- " : "- ");
		put_template(o, ACTION[(first + i * step) % N(ACTION)]);
		put_str(o, ".");
	}
	put_str(o, "\n\n");
}

_Static_assert(N(D_BODY) <= 64 && N(R_BODY) <= 64, "fresh() keeps a 64-bit mask");

/* A template of list (n at most 64) not yet used in this text (`used`, a bit per item),
 * unless all have been. */
static const char *fresh(struct out *o, const char *const *list, size_t n, uint64_t *used)
{
	uint32_t i = rng_below(o->r, (uint32_t)n);
	for (size_t k = 0; k < n && (*used >> i & 1); k++)
		i = (uint32_t)((i + 1) % n);
	*used |= (uint64_t)1 << i;
	return list[i];
}

/* Sentences of the body until the word target, in paragraphs of two to four sentences;
 * the neighbour and malpractice sentences, when asked for, come first. */
static void put_body(struct out *o, const struct post_spec *spec)
{
	if (spec->neighbour)
		put_str(o, " "), put_template(o, PICK(o->r, NEIGHBOUR));
	if (spec->malpractice)
		put_str(o, " "), put_template(o, PICK(o->r, MALPRACTICE));
	const char *const *body = spec->dilemma ? D_BODY : R_BODY;
	size_t nbody = spec->dilemma ? N(D_BODY) : N(R_BODY);
	int in_para = 1, para_len = 2 + (int)rng_below(o->r, 3), n = 1;
	bool list = !spec->dilemma && rng_chance(o->r, 0.12);
	int end_words = spec->dilemma ? 6 : 0;
	uint64_t used = 0;
	while (o->words + end_words < spec->words && o->len < BENCHTEXT_MAX - 1024) {
		bool para = in_para >= para_len;
		if (o->len && o->buf[o->len - 1] != '\n')
			put_str(o, para ? "\n\n" : " ");
		in_para = para ? 1 : in_para + 1;
		if (para)
			para_len = 2 + (int)rng_below(o->r, 3);
		if (n == 3 && list)
			put_advice_list(o), in_para = 0;
		else if (n == 4 && rng_chance(o->r, 0.15))
			put_str(o, "**"), put_str(o, PICK(o->r, SHORT_RULE)), put_str(o, "**");
		else
			put_template(o, fresh(o, body, nbody, &used));
		n++;
	}
}

size_t benchtext_post(char *buf, uint64_t seed, const struct post_spec *spec)
{
	struct rng r = { seed };
	struct out o = { buf, 0, 0, spec->patient, false, &r };
	buf[0] = '\0';
	if (spec->quote)
		put_str(&o, spec->quote);
	put_template(&o, spec->dilemma ? PICK(&r, D_OPEN) : PICK(&r, R_OPEN));
	put_body(&o, spec);
	if (spec->dilemma) {
		put_str(&o, " ");
		put_template(&o, PICK(&r, D_END));
	}
	while (o.len && (buf[o.len - 1] == '\n' || buf[o.len - 1] == ' '))
		buf[--o.len] = '\0';
	return o.len;
}

size_t benchtext_title(char *buf, uint64_t seed, bool patient)
{
	struct rng r = { seed };
	struct out o = { buf, 0, 0, patient, false, &r };
	buf[0] = '\0';
	put_template(&o, PICK(&r, TITLE));
	if (o.len > 150) {
		o.len = 150;
		buf[o.len] = '\0';
	}
	return o.len;
}

size_t benchtext_sentence(char *buf, uint64_t seed, bool dilemma, bool patient)
{
	struct rng r = { seed };
	struct out o = { buf, 0, 0, patient, false, &r };
	buf[0] = '\0';
	put_template(&o, dilemma ? PICK(&r, D_BODY) : PICK(&r, R_BODY));
	return o.len;
}

size_t benchtext_bio(char *buf, uint64_t seed)
{
	struct rng r = { seed };
	struct out o = { buf, 0, 0, false, false, &r };
	buf[0] = '\0';
	put_template(&o, PICK(&r, BIO));
	return o.len;
}

const char *benchtext_hide_reason(struct rng *r)
{
	return PICK(r, HIDE_REASON);
}

const char *benchtext_pick_note(struct rng *r)
{
	return PICK(r, PICK_NOTE);
}

void benchtext_handle(char *buf, size_t cap, struct rng *r, uint32_t n)
{
	snprintf(buf, cap, "%s%s%u", PICK(r, HANDLE_A), PICK(r, HANDLE_B), (unsigned)n);
}
