package org.waymark.safety;

import static org.waymark.safety.RiskCategory.ABUSE_SAFEGUARDING;
import static org.waymark.safety.RiskCategory.HARM_TO_OTHERS;
import static org.waymark.safety.RiskCategory.MEDICAL_EMERGENCY;
import static org.waymark.safety.RiskCategory.SUICIDE_SELF_HARM;
import static org.waymark.safety.RiskLevel.EMERGENCY;
import static org.waymark.safety.RiskLevel.URGENT;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first net: hand-written patterns over normalised text, with negation, idioms, past events and "happening now"
 * handled explicitly. Recall first: when in doubt a rule fires. All patterns are compiled once; thread-safe.
 */
final class RiskPatterns {

    /** A rule that is negated when "not", "never"... stand just before it in its clause ("I'm not suicidal"). */
    private static final int NEGATABLE = 1;
    /** An emergency rule that drops to urgent when the message puts it in the past ("an overdose last year"). */
    private static final int PAST_DOWNGRADES = 2;
    /** An urgent rule that rises to emergency when the message says now, tonight, or names means. */
    private static final int ESCALATES = 4;
    /** An emergency rule that drops to urgent when it is a fear, not an intent ("scared I'll hurt the baby"). */
    private static final int FEAR_DOWNGRADES = 8;
    /** A rule dropped entirely when the message puts it in the past (a carer: "he had chest pains last year"). */
    private static final int PAST_SUPPRESSES = 16;
    /** A negatable rule with a gap of free words, where a negator can hide inside: "I will never kill myself". */
    private static final int GAP = 32;
    /** A catch-all ("dark thoughts"): at the same level, any more specific rule's category wins over it. */
    private static final int WEAK = 64;

    record Rule(RiskLevel level, RiskCategory category, Pattern pattern, int flags, PatternPrefilter quick) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    record Match(RiskLevel level, RiskCategory category, String cue, boolean weak) {
    }

    /**
     * What the patterns made of a message: the most serious match (or null), whether a risk was mentioned only to
     * be denied ("I've never self harmed"), the text with idioms masked, for the model, and {@code history}: a match
     * the message puts in the past and says is over ("self harmed as a teenager, fine now"), which is no crisis but
     * a note for the link worker (then {@code match} is null and the nets decide).
     */
    record Result(Match match, boolean denied, String masked, Match history) {
        Result(Match match, boolean denied, String masked) {
            this(match, denied, masked, null);
        }
    }

    // --- vocabulary -------------------------------------------------------------------------------------------
    private static final String RELATIVE = "(?:husband|wife|partner|boyfriend|girlfriend|ex|ex partner|ex husband|ex wife|"
            + "ex boyfriend|dad|father|stepdad|step dad|mum|mam|mom|mother|stepmum|step mum|stepfather|stepmother|son|"
            + "daughter|brother|sister|uncle|aunt|auntie|grandad|granddad|grandpa|nan|nanna|gran|grandma|cousin|carer|"
            + "flatmate|housemate|landlord|neighbour|teacher|coach|boss|fiance|fiancee|other half|mums boyfriend|"
            + "mums partner|dads girlfriend|dads partner|foster (?:mum|dad|carer)|parents|family|child|kid|friend|mate|"
            + "best friend|baby|toddler|colleague|guardian|tutor|babysitter)";
    private static final String ADULT = "(?:husband|wife|partner|boyfriend|girlfriend|ex|ex partner|ex husband|ex wife|"
            + "ex boyfriend|dad|father|stepdad|step dad|mum|mam|mom|mother|stepmum|step mum|stepfather|stepmother|son|"
            + "daughter|brother|sister|uncle|aunt|auntie|grandad|granddad|grandpa|nan|nanna|gran|grandma|cousin|carer|"
            + "flatmate|housemate|landlord|neighbour|teacher|coach|boss|fiance|fiancee|other half|mums boyfriend|"
            + "mums partner|dads girlfriend|dads partner|foster (?:mum|dad|carer)|parents|family|friend|mate|"
            + "best friend|colleague|guardian|tutor|babysitter|grandson|granddaughter|nephew|niece|son in law|"
            + "daughter in law)";
    private static final String ABUSER = "(?:he|she|they|my " + ADULT + "|my \\w+s " + ADULT + "|(?:his|her|their) "
            + ADULT + "|someone|somebody|a man|a woman|a guy|this guy|this man|an adult|people)";
    private static final String NOT_BODY = "(?! (?:head|arm|arms|leg|legs|face|knee|knees|hand|hands|back|foot|feet|"
            + "hip|nose|eye|eyes|toe|toes|finger|fingers|elbow|shoulder|chest|tummy|stomach|car|bike|bag|phone)\\b)";
    private static final String PERSON3 = "(?:he|she|they|my " + RELATIVE + "|(?:his|her|their) \\w+|someone|somebody|"
            + "a (?:man|woman|child|person|lady|guy|boy|girl)|the baby)";
    private static final String OTHERS = "(?:him|her|them|someone|somebody|people|everyone|anyone|others|other people|"
            + "my " + RELATIVE + "s?|the (?:baby|kids|children|neighbours?|landlord|boss|guy|man|woman|bloke|teacher|"
            + "family|world)|that (?:guy|man|woman|bloke|girl|boy|person|lad|idiot)|a (?:child|baby|stranger)|"
            + "children|kids|strangers|his \\w+|her \\w+)";
    private static final String HIT = "(?:hits?|hitting|beats?|beaten|beating|kicks?|kicked|kicking|punch(?:es|ed|ing)?|"
            + "slap(?:s|ped|ping)?|strangle[sd]?|strangling|chok(?:e|es|ed|ing)|push(?:es|ed|ing)|shov(?:e|es|ed|ing)|"
            + "abus(?:e|es|ed|ing)|rap(?:e|es|ed|ing)|touch(?:es|ed|ing)|threaten(?:s|ed|ing)?|scare[sd]?|"
            + "bull(?:y|ies|ied|ying)|control(?:s|led|ling)|grab(?:s|bed|bing)|throws? things at|threw things at|"
            + "spits? at|spat at|burn(?:s|ed|t)|bit|bites|attack(?:s|ed|ing)?|assault(?:s|ed|ing)?|batter(?:s|ed)?|"
            + "molest(?:s|ed)?|physically hurts?|hurts? me physically|stalk(?:s|ed|ing)|drag(?:s|ged)|"
            + "follow(?:s|ed|ing)|spy(?:ing)? on|track(?:s|ed|ing))";
    private static final String VIOLENT = "(?:kill|stab|shoot|hurt|harm|attack|strangle|smother|batter|beat up|beat|push|shove|"
            + "murder|punch|glass|choke|drown|poison|run over|burn|shake|hit|knife|suffocate)";
    private static final String VIOLENT_ING = "(?:killing|stabbing|shooting|hurting|harming|attacking|strangling|"
            + "smothering|battering|beating|murdering|punching|choking|drowning|poisoning|shaking|hitting|suffocating)";
    private static final String PILLS = "(?:pills|tablets|paracetamol|painkillers|antidepressants|meds|medication|"
            + "medicines?|insulin|co ?codamol|codeine|sertraline|citalopram|fluoxetine|amitriptyline|mirtazapine|"
            + "diazepam|tramadol|ibuprofen|aspirin|morphine|methadone|lithium|quetiapine|propranolol|zopiclone|"
            + "oxycodone|pregabalin|gabapentin|heroin|boxes|packets|packs)";
    private static final String QTY = "(?:all|all of|loads|loads of|lots|lots of|a load of|a lot of|a bunch of|a whole|"
            + "the whole|a handful of|handfuls of|too many|a box of|boxes of|packets of|a packet of|a bottle of|"
            + "a pack of|packs of|[1-9][0-9]+|ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|hundreds of|"
            + "every|(?:two|three|four|five|[2-9]) (?:boxes|packets|packs|bottles) of)";
    private static final String NOW = "(?:tonight|today|right now|this (?:evening|afternoon|morning|weekend)|tomorrow|"
            + "in a (?:minute|bit|few (?:minutes|hours))|as we speak|(?:once|when) (?:everyone|they|he|she|the kids) "
            + "(?:is|are|goes|go|gets|get) (?:asleep|out|gone|to bed|to sleep|to work)|goodbye|now)";

    private static final Pattern NOW_SUICIDE = Pattern.compile("\\b(?:tonight|today|right now|this (?:evening|afternoon|"
            + "weekend)|tomorrow|in a (?:minute|bit|few (?:minutes|hours))|as we speak|goodbye|(?:once|when) "
            + "(?:everyone|they|he|she|the kids) (?:is|are|goes|go|gets|get) (?:asleep|out|gone|to bed|to sleep)|"
            + "pills|tablets|paracetamol|rope|noose|knife|blades?|razors?|gun|bridge|train tracks|railway|ledge|roof|"
            + "cliff|motorway|bleach|stockpiled?|saved up|plan|planned|note)\\b");
    private static final Pattern NOW_ABUSE = Pattern.compile("\\b(?:right now|now|tonight|at the moment|as we speak|"
            + "outside|at the door|banging|breaking (?:in|down)|trying to get in|on (?:his|her|their) way|"
            + "coming (?:back|home|round|over)|downstairs|upstairs|in the (?:next room|house|kitchen)|"
            + "locked (?:me|us) in|knife|gun|weapon|kill me|kill us|bleeding|strangl\\w*|chok\\w*|help me)\\b");
    private static final Pattern NOW_MEDICAL = Pattern.compile("\\b(?:right now|just now|just started|getting worse|"
            + "spreading|arm|jaw|sweat\\w*|can not breathe|severe|crushing|sudden\\w*|really bad|grey|clammy|"
            + "collapsed|heart attack)\\b");
    private static final Pattern NOW_HARM = Pattern.compile("\\b(?:tonight|today|right now|now|knife|gun|weapon|"
            + "going to|about to|as we speak|bleeding|blood|unconscious|not breathing|not moving|ambulance)\\b");
    private static final Pattern PAST = Pattern.compile("\\b(?:last (?:year|month|week|summer|winter|spring|autumn|"
            + "christmas|time)|(?:[0-9]+|a|one|two|three|four|five|six|ten|few|couple of|many|some) (?:years?|months?|"
            + "weeks?|decades?) ago|years ago|ages ago|in (?:19|20)[0-9]{2}|when i was (?:younger|little|a (?:kid|child|"
            + "teenager|teen)|at (?:school|uni|university|college)|[0-9]+)|as a (?:teenager|teen|child|kid)|"
            + "in the past|used to|(?<!is |are |am )at uni|(?<!is |are |am )at school|back in|years back|in my (?:teens|"
            + "twenties|20s)|before i had|in year (?:[1-9]|1[0-3])|in the (?:[1-9]0s|19[0-9]0s|sixties|seventies|"
            + "eighties|nineties|noughties)|in my (?:first|last|previous|old|former) (?:marriage|relationship|job)|"
            + "went through a (?:stage|phase|patch|spell)|a while back|(?:a )?long time ago|as a student|when i was young|"
            + "growing up|when (?:my|he|she) (?:\\w+ ){0,2}(?:was|were) (?:born|little|young|newborn|a baby)|after (?:my|"
            + "her|his) (?:\\w+ ){0,2}was born|from years ago|with my first(?: baby| child| one)?|my first (?:husband|wife|"
            + "partner)|"
            + "at (?:1[0-9]|[2-9][0-9])(?! ?(?:am|pm|oclock|o clock|percent|mg|pills|tablets|tabs))|"
            + "aged (?:1[0-9]|[2-9][0-9]))\\b");
    /**
     * Words that say a past risk is over: recovered, well now, help received, the abuser gone. Read only with
     * {@link #PAST} and without {@link #CURRENT} (after normalising: "i'm" is "i am", "it's been" is "it is been").
     */
    private static final Pattern RECOVERED = Pattern.compile("\\b(?:(?:i am|we are|life is|things are|everything is|"
            + "i feel|feeling|and) (?:(?:now|really|so|very|much|doing|fully|completely|totally|a lot|all) )*(?:fine|ok|"
            + "okay|good|well|great|happy|safe|stable|settled|better|recovered|thriving|free|content|grateful|proud|"
            + "loving it)|(?:fine|ok|okay|good|well|great|happy|safe|stable|settled|better|sober|clean) (?:now|these "
            + "days|ever since|since then|since|for (?:\\w+ ){0,2}years)|doing (?:really |so |very |much |a lot |"
            + "fine and |ok and )?(?:well|better|great|good|gd|ok|okay|fine)|doin (?:great|well|good|gd|ok)|"
            + "recovered|behind me|moved on|survived|(?:been|stayed|kept) (?:well|stable|fine|clean|safe|sober|ok|"
            + "okay|good|free) (?:for|since|ever)|clean for|not since|years since|no contact since|not in my life|"
            + "never again|(?:have not|not) (?:done it|had (?:those|them|any)|self harmed|hurt myself)(?: \\w+){0,3} "
            + "(?:in|for|since)|stopped (?:years|ages|at|when|after|a long)|(?:had|got|getting|received) (?:(?:lots|"
            + "loads|a lot) of |some |so much |great |good |the )?(?:help|support|counselling|therapy|treatment)|"
            + "(?:therapy|counselling|treatment|support|team) helped|clean (?:of it )?for|(?:been|stayed) clean [0-9]+ "
            + "(?:years|months)|back to normal|(?:have|got) my (?:own )?life (?:back|now)|my own life and|rebuilt my life|i "
            + "left (?:years|ages|(?:a )?long time) ago|(?:he|she) passed (?:away|on)|i am [2-9][0-9](?: now)? and (?:i am )?"
            + "(?:happy|well|fine|safe|settled|married|remarried|doing|thriving)|have not (?:\\w+ ){0,2}(?:for|in) "
            + "(?:over |more than |about )?(?:[0-9]+|\\w+) years|in a (?:much |far )?better place|(?:he|she|they) "
            + "(?:is|are) (?:dead|gone|in prison|not in)|(?:he|she) died|(?:restraining|non molestation) order|"
            + "convicted|divorced|remarried|i left (?:him|her|them)|left (?:him|her|them) (?:that|years|in|when)|"
            + "that was (?:a long time|ages|years|over|when|back)|long time ago|over (?:\\w+ ){0,2}years ago|"
            + "it is been (?:\\w+ ){0,2}(?:days|years|months)|i am (?:[0-9]+|an adult|a (?:mum|mother|dad|father|"
            + "teacher|nurse|grandmother|grandad|carer)) now|now i am (?:[0-9]+|an adult|a|an|good|fine|well|happy|safe|"
            + "in)|i am now (?:a|an|[0-9]+|in|well|fine|happy|safe)|now i (?:do|play|work)|well and working|decade ago|"
            + "dealt with it|reported it|court case|free now|rebuilt|(?:all|it is|that is|got it|things are|everything is) "
            + "sorted|sorted now|(?:he|she) (?:has|is) changed|wake up call|"
            + "finally ready|safe now|happy now|long gone|old news|(?:he|she|they) (?:is|are) (?:[0-9]+|an adult|grown up) "
            + "now|doing (?:really |so )?(?:brilliantly|brilliant|amazing|amazingly|fantastic)|(?:not|never) (?:been )?"
            + "(?:a )?part of my life)\\b");
    /** Words that bring a past risk into the present: it is back, it is now, it is still going on. */
    private static final Pattern CURRENT = Pattern.compile("\\b(?:(?<!never |pregnant |married |marry |marrying )again|relaps\\w*|started "
            + "(?:again|back|doing|to)|back (?:on|to(?! (?:college|normal|work|school|uni|university|studying|"
            + "education|my old self))|again)|come back|coming back|came back|returned|tonight|today|right now|this (?:week|"
            + "morning|evening|afternoon)|at the moment|lately|recently|last night|yesterday|currently|still (?:want|"
            + "think|do|feel|hurt|cut|have|scared|afraid|hits|hurts|controls|takes|there|with|lives|living|comes|"
            + "texts|messages|follows|watching|happening|going on|gets|get|at it|at)|but now|now i (?:want|feel|am (?:thinking|scared|struggling|not))|"
            + "want to (?:die|end|do it|kill|hurt)|struggling|can not cope|scared|afraid|frightened|thinking (?:about|"
            + "of) (?:it|doing|ending|suicide|killing|hurting)|urges|tempted|crisis(?! (?:centre|center|line|team|"
            + "service|cafe))|help me|not safe|since last (?:week|month)|this year|"
            + "(?:several|a few|many|three|four|five) times|unsafe|(?:he|she|"
            + "they) (?:is|are) (?:back|out|here|outside)|found me|released|getting out|(?:will not|wont|not) be (?:around|"
            + "here)|much longer|goodbye)\\b");
    /**
     * Words that place what a message describes in the present, whatever else it puts in the past: "he had a fall a
     * week ago and this morning his lips have gone blue" keeps the emergency that a past time alone would drop.
     */
    private static final Pattern NOW_TIME = Pattern.compile("\\b(?:right now|just now|today|tonight|this (?:morning|"
            + "evening|afternoon)|last night|at the moment|currently|since (?:this morning|last night|lunch|breakfast))"
            + "\\b");
    private static final Pattern CONTRAST = Pattern.compile("\\b(?:but|though|although|however|except|yet)\\b");
    private static final Pattern FEAR = Pattern.compile("\\b(?:scared|afraid|frightened|terrified|worried|worry|fears?|"
            + "panic\\w*|thoughts?|intrusive|might|could|urges?|tempted|sometimes)\\b");
    /** After a negated mention: "...but I think about it", "...but sometimes I want to" keeps it urgent. */
    private static final Pattern CONTRAST_THOUGHT = Pattern.compile("\\b(?:but|though|although|however|yet|except)\\b.*"
            + "\\b(?:think|thinking|thought|thoughts|tempted|urges?|wish|wonder|wondering|might|could|sometimes|often|"
            + "crosses|cross|mind|plan|planning|feel like it|want to|wanted to|scared i|close to|nearly|almost|"
            + "still do|still want|do it|did it)\\b");
    /** After a negated self-harm mention: "I don't self harm any more" is past self-harm, still urgent. */
    private static final Pattern STOPPED = Pattern.compile("\\b(?:anymore|no more|these days|recently|since|for (?:a|"
            + "[0-9]+|two|three|four|five|six|ten|a few|a couple of|some|many) (?:weeks?|months?|years?|days?)|"
            + "in (?:a|[0-9]+|two|three|six|ten) (?:weeks?|months?|years?)|for ages|for a while|for a long time)\\b");
    private static final Set<String> NEGATORS = Set.of("not", "never", "no", "nor", "accidentally",
            "wouldnt", "neither", "stopped", "quit");
    /** Words that end a negation's reach: "I'm not ok and I want to die". */
    private static final Set<String> SCOPE_BREAKS = Set.of(";", "and", "but", "so", "because", "though", "although",
            "however", "yet", "i", "then", "ok", "okay", "fine", "well", "sure", "lol", "honestly", "just", "now");
    private static final int NEGATION_WINDOW = 5;
    /** Words after which "no" is said, not negating: "when I say no", "I told him no". */
    private static final Set<String> SAYING = Set.of("say", "says", "said", "saying", "told", "tell", "tells");

    /** One safeguarding topic of a course's list, in up to three words before it: "physical and sexual abuse". */
    private static final String TOPIC = "(?:\\w+ ){0,3}?(?:abuse|neglect|grooming|self harm|suicide|exploitation|"
            + "marriage|fgm|county lines)";

    /** Idioms and contexts that look risky but are not, masked before any rule runs. */
    private static final Pattern IDIOMS = Pattern.compile(String.join("|",
            // a story on screen or on the page, not the patient's own: the nets still read the whole message
            "\\b(?:documentary|film|movie|programme|program|podcast|book|novel|episode|series|drama|article|play|"
                    + "radio|news|soap|storyline|story line|plot|scene) (?:about|on) (?:\\w+ ){0,3}?(?:suicide|"
                    + "overdose|self harm\\w*|domestic "
                    + "(?:abuse|violence)|coercive control|abuse|grooming|a man who|a woman who|a girl who|a boy who)",
            // what a book or a training course is about, and a worker's clients' stories: informing, not disclosing
            "\\b(?:documentary|film|movie|programme|podcast|book|novel|episode|series|drama|play|soap|storyline|"
                    + "story line|plot) (?:in which|where|whose) (?:\\w+ ){0,5}?(?:suicide|overdose|self harm\\w*|"
                    + "domestic (?:abuse|violence)|coercive control|abuse|grooming)",
            "\\bwhat (?:coercive control|domestic abuse|domestic violence|grooming|abuse|self harm) (?:looks like|is|"
                    + "means|can look like)",
            "\\b(?:training|course|refresher|module|session|workshop) (?:; )?(?:which |that )?(?:covered|covers|covering|"
                    + "was on|on|about) " + TOPIC + "(?: (?:; )?(?:and )?" + TOPIC + ")*",
            "\\b(?:women|men|people|clients|families|survivors|victims|patients) (?:describing|talking about|telling me "
                    + "about|who have (?:experienced|suffered|survived)) (?:\\w+ ){0,2}?(?:domestic abuse|domestic "
                    + "violence|abuse|coercive control|sexual abuse|rape|violence)",
            // a joke said as one: "im gonna kill her lol", "lol he said hed murder me"
            "\\b(?:kill|murder|strangle|throttle) (?:him|her|them|me|you|my \\w+)(?: \\w+){0,6}? (?:lol|haha\\w*|"
                    + "lmao|jk|joke|joking)\\b",
            "\\b(?:lol|haha\\w*|lmao) (?:\\w+ ){0,4}?(?:kill|murder|strangle|throttle) (?:him|her|them|me|you)\\b",
            // games, treats, haircuts, laughter, fainting at needles, a farewell to a group
            "\\b(?:kill|murder|destroy|thrash|slaughter|batter) (?:\\w+ ){1,3}?at (?:scrabble|chess|cards|darts|pool|"
                    + "monopoly|(?:the |a )?quiz|bingo|(?:a |the )?games?|dominoes|tennis|golf|snooker|uno|cluedo|fifa|"
                    + "fortnite|mario kart|call of duty|cod|xbox|the xbox|playstation|the playstation|ps5)",
            "\\bover ?dos(?:e|ed|ing) on (?:chocolate|cake|sweets|sugar|carbs|crisps|biscuits|coffee|caffeine|netflix|"
                    + "telly|tv|easter eggs|mince pies|cheese)",
            "\\bcut (?:my |me )?(?:own )?(?:hair|fringe|nails)(?: myself)?",
            "\\bcan not breathe (?:i am |im |from |for |with )?laugh\\w*",
            "\\b(?:would|could) jump off a (?:cliff|bridge) for",
            "\\bfaint\\w* (?:at|from|when i see) (?:the )?(?:sight of )?(?:blood|needles?|injections?|jabs?)"
                    + "(?: tests?)?",
            "\\bgoodbye to (?:the|my|everyone at) (?:\\w+ ){0,2}(?:group|class|club|choir|team|course|crew|lot)",
            // a farewell to a thing: "this is goodbye to my old car"
            "\\bgoodbye to (?:the|my|our) (?:\\w+ ){0,2}(?:car|van|bike|motorbike|caravan|sofa|phone|laptop|job|office|"
                    + "desk|hair|beard|flat|house|allotment|shed|summer|holidays?)\\b",
            // a death told of someone else: the nets still read the message
            "\\b(?:died|passed away|passed) (?:of|from) (?:an )?over ?dose",
            "\\bkill(?:ing|ed)? myself (?:laughing|at (?:the|work|the gym)|trying|working|with work|over|for (?:this|"
                    + "that|them|nothing)|to (?:get|make|finish|keep|pay|please|lose))",
            "\\bshoot myself in the foot",
            "\\bbeat (?:\\w+ ){1,3}?(?:at|in) (?:scrabble|chess|cards|darts|pool|tennis|golf|football|(?:the |a )?quiz|"
                    + "bingo|monopoly|(?:a |the )?games?|running|parkrun|(?:a |the )?race|bowls|snooker|squash|"
                    + "badminton|table tennis|dominoes|crib|rummy|sudoku|wordle)",
            "\\b(?:could|would|will|gonna|going to) (?:kill|murder|strangle|throttle) (?:\\w+ ){1,2}(?:for|if (?:he|she|they)) "
                    + "(?:eating|taking|using|being|not|forgetting|leaving|doing|saying|stealing|finishing|breaking|"
                    + "losing|nicking|drinking|borrowing)",
            // "going to kill my brother, he's eaten my leftovers": the trouble is a small misdeed
            "\\b(?:could|would|will|gonna|going to) (?:kill|murder|strangle|throttle) (?:\\w+ ){1,2}; (?:he|she|they) "
                    + "(?:is|has|have|are) (?:eaten|scoffed|finished|nicked|pinched|drunk|hogged|hogging|borrowed|"
                    + "spoilt|spoiled|used up)",
            "\\b(?:hurt|cut|burnt|burned|burn|hit|injured|injure|scratched|bruised) myself (?:shaving|cooking|"
                    + "on (?:the|a|some|my)|at (?:the gym|work|football)|playing|falling|lifting|gardening|in the "
                    + "(?:garden|kitchen|gym)|doing (?:diy|the)|running|chopping|slicing|opening|ironing|diy|by "
                    + "accident|badly (?:at|playing))",
            "\\bdie (?:of|from) (?:embarrassment|boredom|shame|laughing|laughter|cringe|old age|natural causes)",
            "\\bdie laughing", "\\bdying (?:inside|to|for|of)", "\\bto die for",
            "\\b(?:wants?|want) to die (?:at home|in (?:his|her|their|my) (?:own )?(?:bed|home|sleep)|peacefully|"
                    + "in (?:a )?hospice|in peace|with dignity|comfortable)",
            "\\b(?:died by|dies by|die by|committed|lost (?:\\w+ ){1,2}to|bereaved by|after (?:his|her|their|my \\w+)|since "
                    + "(?:his|her|their)|losing (?:\\w+ ){1,2}to) suicide",
            "\\bsuicide (?:prevention|awareness|bereavement|training|course|charity|walk|run|month|day|squad|loss|"
                    + "survivors? group|bereaved|of (?:my|his|her|a))",
            "\\b(?:killed|hanged|hung|took) (?:himself|herself|themselves|(?:his|her|their) own life)",
            "\\b(?:substance|drug|alcohol|solvent|verbal) abuse",
            "\\b(?:domestic abuse|abuse|violence|sexual assault|rape) (?:charity|support worker|awareness|training|"
                    + "course|campaign|advocate|volunteer|service|services|workshop)",
            "\\b(?:will|would|is going to|going to|gonna) kill me (?:if|when) (?:i|she|he|they) (?:am |is |m )?"
                    + "(?:late|forget|forgot|break|broke|spend|spent|eat|ate|miss|missed|lose|lost|fail|do not "
                    + "(?:tidy|clean|wash|do|ring|call)|leave the|leave my|leave her|leave his)",
            // the trouble a child is in for a small misdeed: "my mum is gonna kill me, i dyed the towels pink"
            "\\b(?:will|would|is going to|going to|gonna) (?:kill|murder) me (?:; )?(?:because |cos |as )?(?:i|i have) "
                    + "(?:got (?:a )?(?:detention|detentions|a bad|bad|an f|a u|told off|sent home)|dyed|spilt|spilled|"
                    + "broke|broken|lost|failed|forgot|forgotten|missed|crashed|dented|scratched|ruined|ate|eaten|"
                    + "shrunk|stained|used (?:her|his|their|all)|borrowed|wore|burnt|burned|flooded|smashed (?:her|his|"
                    + "the|a|my))",
            "(?<!hope i )(?<!wish i )(?<!hope i get )(?<!wish i got )(?<!wish i get )\\b(?:(?:was|were|been|got|get) )?"
                    + "(?:hit|knocked (?:down|over)) by a (?:car|bus|bike|ball|van|cyclist)",
            "\\bkicked (?:me|us) out|\\bthrew (?:me|us) out",
            "\\bpush(?:es|ed)? (?:me|us) (?:to|into|too hard|hard)",
            "\\b(?:choking|choked) (?:up|back)",
            "\\bbreath(?:e|ing) (?:a word|easy|easier|again|exercises|space|room|techniques)",
            "\\btake (?:my|your) breath away",
            "\\bend (?:it|things) (?:with|between|off with)",
            "\\bhang (?:myself )?(?:out|on|up|around)",
            "\\b(?:my|the) (?:heart|phone|battery|car|laptop|plant|plants|garden) (?:is |has )?(?:dying|died|dead)"));

    private final List<Rule> rules = new ArrayList<>();
    private static final PatternPrefilter IDIOMS_QUICK = PatternPrefilter.of(IDIOMS);

    RiskPatterns() {
        suicideAndSelfHarm();
        abuseAndSafeguarding();
        harmToOthers();
        medicalEmergency();
    }

    private void suicideAndSelfHarm() {
        String c = "";
        // attempt under way or just done
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | PAST_DOWNGRADES | GAP,
                "(?:\\bi (?:have |just |have just |ve |already )?|^(?:have )?(?:just |already )?)(?:taken|took|swallowed|"
                        + "downed|necked|had|done) "
                        + "(?:\\w+ ){0,3}?(?:overdose|" + QTY + " (?:\\w+ ){0,3}?" + PILLS + "|everything in the "
                        + "(?:\\w+ )?(?:cabinet|cupboard|drawer|box|bag)|the lot|all of it)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | PAST_DOWNGRADES,
                "\\bi (?:have |just |have just )?overdosed\\b|\\bjust (?:taken|took|had|done) (?:an )?overdose\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | PAST_DOWNGRADES,
                "\\bi (?:have |just |have just )?(?:drunk|drank|swallowed|downed) (?:\\w+ ){0,3}?(?:bleach|"
                        + "antifreeze|weedkiller|poison|paint stripper|drain cleaner)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | PAST_DOWNGRADES,
                "\\b(?:cut|slit|slashed|sliced|opened) (?:my |both )?(?:wrists?|throat|arms?|legs?|thighs?|myself|"
                        + "my veins)\\b(?=.*\\b(?:bleeding|blood|deep|stitches|wont stop|will not stop)\\b)");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | PAST_DOWNGRADES,
                "\\bslit (?:my |both )?(?:wrists?|throat)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:standing|stood|sat|sitting|am|i am|here) (?:on|at|by|near) (?:the |a )?(?:edge of (?:the |a )?)?"
                        + "(?:bridge|ledge|roof|rooftop|cliff|cliff edge|railway line|railway|train tracks|tracks|"
                        + "motorway bridge|top of (?:the|a) (?:car park|multi storey|building|block))\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:rope|noose|belt|ligature|cord) (?:is )?(?:round|around|on) my neck\\b|\\btied (?:a|the) "
                        + "(?:rope|noose)\\b|\\b(?:in|sat in|sitting in) (?:the |my )?car with the engine running\\b|"
                        + "\\b(?:turned|turn) (?:the )?gas on\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:suicide|goodbye|final|last) (?:note|letter)s?\\b|\\bthis is (?:my )?(?:goodbye|last message|"
                        + "final message)\\b|\\bgoodbye (?:forever|everyone|all|world|cruel world)\\b|\\b(?:by the time|"
                        + "when) you (?:read|get|see) this\\b|\\b(?:will not|wont) be (?:here|around|alive) "
                        + "(?:tomorrow|in the morning|much longer|by (?:tomorrow|the morning|then))\\b|\\btell "
                        + "(?:my |the )?(?:kids|family|mum|children|wife|husband|daughter|son) (?:that )?i "
                        + "(?:love them|am sorry)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected|stashed|stashing|"
                        + "building up|been keeping|kept) (?:up )?(?:\\w+ ){0,3}?" + PILLS + "\\b|\\benough "
                        + "(?:\\w+ ){0,2}?" + PILLS + "\\b(?= to| for| that)");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:plan|planning|planned|plans|plotting) (?:to|how to|how i will|how i am going to|for how to|"
                        + "on how to|when to|where to|my) (?:\\w+ ){0,2}?(?:kill myself|end (?:it|my life|it all|"
                        + "things)|die|take my (?:own )?life|do it|suicide|overdose|hang myself|jump)\\b|"
                        + "\\bi (?:have|have got|have made|made|got|ve got) a plan(?= ?$| ;| and i| to (?:do it|end|kill|die|take|jump|"
                        + "hang|overdose)| now| tonight| for (?:tonight|how|when|it))|\\bi know (?:how|when|where) i "
                        + "(?:will|am going to|would|want to|can) do it\\b|\\b(?:worked|figured|sorted) out (?:how|"
                        + "when|where) (?:to|i will|i am going to|i would) (?:do it|end it|kill myself|die)\\b|"
                        + "\\b(?:picked|chosen|set|decided on) (?:a|the) (?:date|day|spot|place|bridge|time)\\b|"
                        + "\\b(?:bought|got|ordered|have|found) (?:a |some |the )?(?:rope|noose|razor blades|"
                        + "helium|charcoal|a gun)\\b(?=.*\\b(?:kill|die|end|suicide|do it|myself|hang|life)\\b)");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | FEAR_DOWNGRADES | GAP,
                "\\b(?:going to|will|about to|ready to|planning to|decided to|made up my mind to|shall|intend to|"
                        + "want to|wanna|going to go and) (?:\\w+ ){0,2}?(?:kill myself|end (?:it all|my life|"
                        + "my own life|it|things|everything)|take my (?:own )?life|hang myself|overdose|jump (?:off|from|"
                        + "in front)|throw myself|slit my|cut my wrists|commit suicide|do it) " + NOW + "\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE | FEAR_DOWNGRADES | GAP,
                "\\b(?:going to|will|about to|ready to|decided to|made up my mind to|shall|intend to|going to go and) "
                        + "(?:\\w+ ){0,2}?(?:kill myself|end (?:it all|my life|my own life)|take my (?:own )?life|"
                        + "hang myself|overdose|jump (?:off|from|in front)|throw myself (?:off|in front|under)|"
                        + "slit my|cut my wrists|commit suicide)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:i am|i will be|i will|going to be) doing it (?:tonight|today|right now|now|this (?:evening|"
                        + "weekend|afternoon)|tomorrow|in a (?:minute|bit))\\b|\\b(?:got|have|put|laid|lined) (?:\\w+ )?"
                        + "(?:the |my |all )?" + PILLS + " (?:ready|lined up|out|counted out|in front of me)\\b|"
                        + "\\b" + PILLS + " (?:are )?(?:ready|lined up|counted out|in front of me)\\b");
        rule(EMERGENCY, SUICIDE_SELF_HARM, NEGATABLE,
                "\\b(?:kill myself|end (?:it all|my life)|take my (?:own )?life|die|end it) (?:tonight|today|"
                        + "right now|now|this (?:evening|weekend|afternoon)|tomorrow|in a (?:minute|bit))\\b");

        // thoughts, feelings, self-harm, past attempts
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES, "\\bsuicid(?:e|al)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES | WEAK,
                "\\b(?:dark|bad|horrible|scary|unsafe|black|morbid|intrusive) thoughts?\\b|\\b(?:use|using|used) (?:it|them|"
                        + "a blade|a knife|a razor|the blade|the knife) on myself\\b|\\b(?:feel|felt|feeling) "
                        + "like (?:ending|end) (?:it|it all|things|everything|my life)\\b|\\bending (?:it|things|"
                        + "everything|my life)\\b(?! (?:with|between|off)\\b)");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:kill|killing|killed|kills|hurt|hurting|hurts|harm|harming|harmed|cut|cutting|cuts|burn|"
                        + "burning|burnt|burned|hit|hitting|punish|punishing|starve|starving|strangle|strangling|"
                        + "choke|choking|poison|poisoning|hang|hanging|hanged|drown|drowning|shoot|shooting|stab|"
                        + "stabbing|suffocate|suffocating|scratch|scratching|bite|biting|injure|injuring|end|ending|"
                        + "bruise|bruising|punch|punching|gas) myself\\b|\\b(?:finish|finishing) myself off\\b|"
                        + "\\b(?:top|topping|topped) myself\\b(?! up\\b)");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\bself (?:harm|harms|harmed|harming|injure|injured|injuring|injury)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:kill|hurt|harm|cut) (?:yourself|himself|herself|themselves)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:want|wanted|wanting|wants|wanna|wish|wishing|wished|ready|prefer|longing|long|praying) to "
                        + "die\\b|\\b(?:want|wish|wanted) (?:to )?(?:be dead|not (?:to )?exist|to stop existing|"
                        + "to not be (?:here|alive|around)|to not wake up|to sleep forever|to go to sleep forever)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\bwish i (?:was|were|could be|would be|had been) (?:dead|gone|never born|not here|not alive|"
                        + "not born|in the ground)\\b|\\bwish i (?:had|would|could) (?:never (?:been born|woken up|"
                        + "wake up)|not (?:woken up|wake up)|just die|die|disappear|just not wake up|go to sleep "
                        + "and not wake up)\\b|\\b(?:rather|better off) (?:be )?(?:dead|gone)\\b|\\bbetter off dead\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:everyone|people|they|my family|the kids|my kids|he|she|world|the world|you all|everybody|"
                        + "my (?:wife|husband|partner|children|mum|parents)) (?:would be |will be |is |are |d be )?"
                        + "better (?:off )?without me\\b|\\bbetter off without me\\b|"
                        // SUI-BURDEN with a thought of being gone: "she would have an easier life if I were gone"
                        + "\\beasier (?:life )?(?:for (?:them|her|him|everyone|everybody|the family|my \\w+) )?"
                        + "(?:if i (?:was|were) (?:gone|not here|not around|dead|out of the way)|without me "
                        + "(?:around|here))\\b");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\b(?:do not|never|not|no more|can not|cant) (?:really |even |want to |wanna )?(?:want to |"
                        + "wanna )?(?:live|be alive|exist|wake up|be here|be around|keep living|go on living)\\b"
                        + "(?! (?:at|for|on|with|when|by|next|until|all day|to|in (?:this|that|the) "
                        + "(?:job|house|flat|town|city|area|hospital|school|class)|like (?:this|that) (?:job|house))\\b)");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\b(?:do not|never|not) (?:really )?want to (?:go on|carry on|keep going)(?= ?$| ;| anymore| like "
                        + "this| living| any longer| without| with life| with my life| in life)");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\bno (?:point|reason|purpose) (?:in |to |of )?(?:living|live|life|being alive|being here|carrying on|"
                        + "going on|go on|carry on|keep going|in anything|me being here|existing|to be here|"
                        + "anymore|any more|trying anymore)\\b|\\bnothing (?:left )?to live for\\b|\\bnot worth "
                        + "(?:living|being alive|being here)\\b|\\bwhat is the point (?:in |of )?(?:living|life|"
                        + "being alive|going on|carrying on|anything|me|being here|of it all|it all)\\b|\\blife is "
                        + "(?:pointless|meaningless|not worth it)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\bcan not (?:go on|carry on|do this anymore|do this no more|do it anymore|take (?:it|this|any) "
                        + "?(?:more|anymore|no more)|take (?:it|this)(?= ?$| ;)|keep going|live like this|"
                        + "cope anymore|cope no more|be here anymore|handle (?:it|this|life) anymore|face "
                        + "(?:another day|tomorrow|living|life))\\b");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\b(?:not (?:sure|certain)|do not know|unsure) (?:if |whether |that |how much longer |how long )?i "
                        + "(?:want to|can|will|even want to) (?:live|be here|be alive|go on|carry on|keep going|"
                        + "stay alive|last)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:end|ending|ended|take|taking|took) (?:my|my own) life\\b|\\bend(?:ing)? it all\\b|"
                        + "\\b(?:want to|wanna|going to|thinking (?:about|of)|think about|thought about|just|ready to|"
                        + "should|could|might|tempted to|urge to) (?:just )?end (?:it|it all|things|everything|"
                        + "my suffering|the pain)\\b|\\bwant (?:it|everything|it all|life|this life) (?:all )?to "
                        + "(?:end|be over)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:tried|try|trying|attempted|attempt|attempting) (?:to )?(?:kill myself|end (?:my|it|things)|take "
                        + "my (?:own )?life|suicide|hang myself|overdose|jump)\\b|\\bsuicide attempts?\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up\\b|\\bhope i (?:do not|never|will not|"
                        + "dont) wake up\\b|\\b(?:disappear|vanish) (?:forever|for good|and never come back)\\b|"
                        + "\\bjust (?:want to )?disappear\\b(?! (?:for|on|to|into|off|with)\\b)|\\bwant to disappear\\b(?! (?:for|on|to|into|off)\\b)|"
                        + "\\b(?:wish|hope) i (?:get|got|would get) (?:hit|run over) by\\b|\\bhit by a (?:bus|train|car|"
                        + "lorry) (?:would|might) be (?:a )?(?:relief|better|good)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking|drive|driving|crash|"
                        + "crashing|run|running) (?:off|from|in front of|infront of|under|into) (?:a |the |my )?"
                        + "(?:bridge|train|bus|lorry|cliff|building|roof|motorway|traffic|tube|sea|river|balcony|"
                        + "oncoming|wall|tree|canal)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:thoughts?|thinking|think|thought|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|obsessing) "
                        + "(?:a lot |all the time |constantly )?(?:of|about) (?:dying|death|being dead|ending "
                        + "(?:it|my life|things)|not being (?:here|alive|around)|harming myself|hurting myself|"
                        + "not waking up|my funeral|killing myself|overdos\\w+|jumping|hanging)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:i am|i feel|feel like|i feel like|i have become|im just) (?:such |a total |just )?(?:a )?"
                        + "(?:burden|waste of space|waste of oxygen)\\b|\\bburden (?:to|on) (?:everyone|everybody|"
                        + "my family|them|the world)\\b");
        rule(URGENT, SUICIDE_SELF_HARM, ESCALATES,
                "\\b(?:no one|nobody|noone|no body) (?:would|will|d) (?:miss me|care if i (?:died|was gone|was dead|"
                        + "disappeared|was not here|killed)|notice if i (?:died|was gone|disappeared|was not here|"
                        + "was dead))\\b");
        rule(URGENT, SUICIDE_SELF_HARM, NEGATABLE | ESCALATES,
                "\\b(?:voices?|my head|my brain|my mind|something|a voice|thoughts) (?:keeps? |is |are |keep )?"
                        + "(?:tell|telling|told|tells|say|saying|says) me to (?:(?:kill|hurt|harm|cut|end) (?:myself|me|my life|"
                        + "it)|die|jump)\\b|\\b(?:started|start|been|am|keep|kept) cutting "
                        + "(?:again|my (?:arms|legs|wrists|thighs|skin))\\b|\\bcutting my (?:arms|legs|wrists|thighs|"
                        + "skin)\\b|\\b(?:razor|blade|blades) (?:to|on|into) my (?:skin|arms?|legs?|wrists?)\\b|"
                        + "\\b(?:tired|sick|done) (?:of|with) (?:life|living|being alive|existing|it all)\\b|"
                        + "\\b(?:give|giving|given|gave) up on (?:life|living)\\b|\\bwant to (?:not be|stop being) "
                        + "(?:here|alive|around)\\b|\\b(?:do not|can not|cant|dont) see (?:the|any) point (?:in |of )?(?:living|"
                        + "going on|carrying on|life|anything|being here|being alive|trying|it all|me being here|"
                        + "existing)\\b|\\b(?:scared|afraid|frightened) (?:of )?what i (?:might|will|"
                        + "could|would) do\\b|\\b(?:the|a) way out\\b(?=.*\\b(?:only|best|easy|easiest)\\b)");
    }

    private void abuseAndSafeguarding() {
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b" + ABUSER + " (?:is|are|s|keeps|has started|started|has just|just|hes|shes) (?:\\w+ )?"
                        + "(?:hitting|beating|kicking|punching|strangling|choking|attacking|hurting|threatening|"
                        + "stabbing|slapping|raping|dragging|pushing|smashing|breaking|battering|assaulting|"
                        + "throwing things at) (?:me|us|my|the kids|the children|the baby|me and|mum|her|him)\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b(?:threatened|threatens|threatening|threaten|swore|swears|promised|promises|vowed) (?:to|he will|"
                        + "she will|he would|she would|they will) (?:\\w+ )?(?:kill|murder|stab|shoot|hurt|burn|"
                        + "strangle|bury|get) (?:me|us|my|the kids|the children|the baby|you)\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b(?:said|says|saying|told me|tells me|keeps saying|texted|messaged|texted me|messaged me|"
                        + "shouted|screamed|yelled) (?:that )?(?:he|she|they|he would|she would|they would) "
                        + "(?:would |will |is going to |was going to |are going to |is gonna |wants to |want to |"
                        + "could |might )?(?:kill|murder|stab|shoot|strangle|bury|burn) (?:me|us|my|the kids|"
                        + "the children|the baby)\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b" + ABUSER + " (?:will|would|is going to|are going to|is gonna|wants to|want to|might|going to) "
                        + "(?:\\w+ )?(?:kill|murder|stab|shoot|strangle|hurt|attack|beat|batter|hit|rape) (?:me|us|my|the kids|"
                        + "the children|the baby)\\b|\\b" + ABUSER + " (?:has |is |s |just )?(?:broken in|broke in|breaking in|"
                        + "got in|forced (?:his|her|their|the) way in|kicked the door in|kicked in the door)\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b" + ABUSER + " (?:is |s |has |has got |got |is got |is holding |is pointing |pulled )?(?:a |the )?(?:knife|gun|weapon|"
                        + "machete|hammer|bat) (?:to|at|against) (?:me|my|us)\\b|\\b" + ABUSER + " (?:is |s )?"
                        + "(?:outside|at the door|trying to (?:get in|break in|kick the door)|breaking (?:in|the door|"
                        + "down the door)|banging on (?:the|my) (?:door|window)s?) (?:\\w+ ){0,5}?(?:and|with|"
                        + "screaming|shouting|threatening|drunk|again)\\b|\\bhiding (?:from him|from her|from them|in the (?:bathroom|toilet|"
                        + "bedroom|cupboard))\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, NEGATABLE,
                "\\b" + ABUSER + " (?:is |s |keeps |has )?(?:kicking|smashing|breaking|bashing|booting) (?:in |down )?"
                        + "(?:the |my |our )?(?:front |back |bedroom |bathroom )?(?:door|doors|window|windows)\\b");
        rule(EMERGENCY, ABUSE_SAFEGUARDING, 0,
                "\\b(?:i am|we are|i do not feel|i dont feel) not safe (?:right now|here|tonight|now|at the moment)\\b|"
                        + "\\bi do not feel safe (?:right now|tonight|now)\\b");
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b" + ABUSER + " (?:(?:always|sometimes|often|keeps|has|have|had|used to|still|again|has been|"
                        + "would|will|can|does|did|also|even|regularly|constantly|then) )*" + HIT + " (?:me|us|"
                        + "my (?:kids|children|son|daughter|baby|mum|mother|dad|sister|brother|nan|gran|wife|"
                        + "husband|partner)|the (?:kids|children|baby)|her|him|them)\\b" + NOT_BODY);
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b(?:i am|i was|i have been|i get|i got|been|being|was|were|get|got) (?:being |getting |repeatedly )?"
                        + "(?:sexually |physically |emotionally |financially |domestically |badly )?(?:abused|"
                        + "assaulted|raped|molested|groomed|trafficked|beaten|beaten up|attacked|stalked|harassed|"
                        + "neglected|exploited|bullied|strangled|choked|battered|threatened|hit)\\b|\\bbeing hurt\\b");
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b(?:domestic (?:abuse|violence)|sexual (?:abuse|assault)|physical abuse|emotional abuse|"
                        + "financial abuse|psychological abuse|coercive control|controlling (?:relationship|partner|"
                        + "husband|boyfriend|wife|girlfriend)|abusive (?:relationship|partner|husband|boyfriend|wife|"
                        + "girlfriend|dad|father|mum|mother|parents?|family|home|ex|marriage|carer|son|daughter|"
                        + "stepdad|brother)|forced marriage|honour based|fgm|grooming|child abuse|child sexual|"
                        + "abused me|abusing me|abuses me|abuse me|rape|raped|molested|being abused|been abused)\\b");
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b(?:scared|afraid|frightened|terrified|petrified) (?:of|of what) (?:him|her|them|my (?:husband|wife|"
                        + "partner|boyfriend|girlfriend|ex|dad|father|stepdad|step dad|mum|mother|son|daughter|carer|"
                        + "brother|sister|landlord|uncle|mums boyfriend|other half)|what (?:he|she|they) (?:will|"
                        + "might|would|could) do)\\b|\\b(?:scared|afraid|frightened|terrified) (?:to go|of going|"
                        + "to be) (?:back )?(?:home|at home|alone with (?:him|her))\\b|\\b(?:scared|afraid|"
                        + "frightened|terrified) (?:to|i will) (?:tell|leave) (?:him|her|anyone|someone)\\b");
        rule(URGENT, ABUSE_SAFEGUARDING, 0,
                "\\b(?:do not|dont|not|never) feel safe (?:at home|with (?:him|her|them|my \\w+)|in my (?:home|house|"
                        + "flat|room)|around (?:him|her|them))\\b|\\bnot safe (?:at home|with (?:him|her|them))\\b|"
                        + "\\bunsafe at home\\b|\\b(?:do not|dont) feel safe\\b(?! (?:walking|going out|on|in the|at "
                        + "night|driving|outside)\\b)");
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b" + ABUSER + " (?:controls|takes|took|steals|stole|keeps|has taken|has) (?:all )?(?:my|our) "
                        + "(?:money|benefits|pension|bank card|card|cards|wages|phone|passport|keys|post|"
                        + "pin|savings)\\b|\\b" + ABUSER + " (?:controls|checks|tracks|reads) (?:everything|my phone|"
                        + "who i see|where i go|what i)\\b|\\b" + ABUSER + " (?:will not|wont|does not|doesnt|"
                        + "never) (?:let|allow) me (?:to )?(?:leave|out|go out|see (?:my )?(?:friends|family|mum|"
                        + "anyone)|have (?:any )?money|work|talk to|speak to|use (?:the|my) phone|eat)\\b|"
                        + "\\bnot allowed to (?:leave|go out|see (?:my )?(?:friends|family|anyone)|have (?:my own )?"
                        + "money|talk to|speak to)\\b|\\b(?:stops|stopped|stopping) me (?:from )?(?:seeing|going out|"
                        + "leaving|talking)\\b|\\b(?:locked|locks|locking) (?:me|us) (?:in|up)\\b|\\b(?:makes?|made|"
                        + "forces?|forced|forcing) (?:me|us) (?:to )?(?:have sex|do (?:sexual|things|stuff)|sleep "
                        + "with|touch|watch porn|hand over|give (?:him|her) (?:my|all))\\b");
        rule(URGENT, ABUSE_SAFEGUARDING, NEGATABLE | ESCALATES,
                "\\b(?:my )?(?:dad|stepdad|step dad|uncle|mums boyfriend|mums partner|teacher|coach|brother|cousin|"
                        + "grandad|babysitter|a man|a teacher|an adult|someone|a guy|he|she) (?:touches|touched|"
                        + "makes me touch|made me touch|shows me|showed me|sends me|sent me|asks me for|asked me for|"
                        + "asks me to|asked me to) (?:me|him|her|his|pictures|photos|pics|nudes|naked|sexual|rude|"
                        + "things|private|down)\\b|\\b(?:nudes|naked (?:pictures|photos|pics))\\b|\\b(?:keeps |kept |keep )?"
                        + "ask(?:s|ing|ed)? me (?:for|to send|to show) (?:pics|pictures|photos|nudes|naked|my body)\\b|\\bmet (?:a|this) "
                        + "(?:man|guy|older) (?:online|on)\\b(?=.*\\b(?:meet|secret|pictures|photos)\\b)|\\b(?:told|"
                        + "tells) me (?:to keep (?:it|this) (?:a )?secret|not to tell)\\b|\\b(?:keeps |kept |keep )?(?:coming|comes|came|"
                        + "creeping|creeps|crept|getting|gets|got) (?:in|into) my (?:room|bed|bedroom)\\b");
    }

    private void harmToOthers() {
        // HTO-INTENT: carrying a knife "for the rage"; a knife carried for work or a hobby is not "started carrying"
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE,
                "\\b(?:started|start|been|keep|i am|i have been) carrying (?:a |my )?(?:knife|blade|machete)\\b"
                        + "(?! (?:roll|set|bag|case)\\b)");
        rule(EMERGENCY, HARM_TO_OTHERS, NEGATABLE | FEAR_DOWNGRADES | GAP,
                "\\b(?:going to|gonna|will|about to|ready to|shall|going to go and|go and|i am going to|gonna go|"
                        + "intend to|want to go and) (?:\\w+ ){0,4}?" + VIOLENT + " " + OTHERS + "\\b");
        rule(EMERGENCY, HARM_TO_OTHERS, NEGATABLE | PAST_DOWNGRADES,
                "\\bi (?:have|have got|ve got|got|am holding|have picked up|picked up|grabbed) (?:a |the |my )?"
                        + "(?:knife|gun|blade|machete|weapon|hammer|bat|baseball bat)\\b(?!.*\\bmyself\\b)(?=.*\\b(?:him|her|them|"
                        + "someone|kill|hurt|stab|use it|going to|waiting|coming|neighbour|landlord)\\b)");
        rule(EMERGENCY, HARM_TO_OTHERS, NEGATABLE,
                "\\bi (?:am |m )?(?:waiting|outside|sat outside|going round|going over|heading over|on my way) (?:\\w+ ){0,5}?"
                        + "with (?:a |my |the )?(?:knife|bat|baseball bat|gun|hammer|machete|weapon|crowbar|blade)\\b");
        rule(EMERGENCY, HARM_TO_OTHERS, NEGATABLE | PAST_DOWNGRADES,
                "\\bi (?:have |ve |just |have just )?(?:just )?(?:stabbed|shot|attacked|strangled|beaten up|battered|"
                        + "poisoned|smothered|killed|glassed|beat up|knocked out) " + OTHERS + "\\b");
        rule(EMERGENCY, HARM_TO_OTHERS, NEGATABLE,
                "\\b" + VIOLENT + " " + OTHERS + " (?:tonight|today|right now|now|when (?:he|she|they) "
                        + "(?:gets?|comes?) (?:home|back|here|in))\\b");
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE | ESCALATES,
                "\\b(?:want|wanted|wanna|wants|urges?|tempted|could|might|would|will|like|fantasi[sz]e about) "
                        + "(?:to )?(?:really )?" + VIOLENT + " " + OTHERS + "\\b");
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE | ESCALATES,
                "\\b(?:thoughts?|thinking|think|urges?|images|pictures|fantasies|fantasi[sz]ing|fantasi[sz]e|dreams?|dreaming|"
                        + "obsessed with) (?:of |about )?(?:\\w+ )?" + VIOLENT_ING + " " + OTHERS + "\\b");
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE | ESCALATES,
                "\\b(?:scared|afraid|frightened|terrified|worried|worry|fear|fears|panic|panicking|petrified) "
                        + "(?:that )?(?:i (?:will|might|could|would|am going to|may|ll) )(?:\\w+ ){0,4}?(?:hurt|harm|"
                        + "kill|attack|hit|shake|smother|drown|stab|lash out at|strangle|suffocate|drop|snap at) "
                        + OTHERS + "\\b|\\b(?:scared|afraid|frightened|terrified|worried) (?:of )?(?:hurting|harming|"
                        + "killing|attacking|hitting|shaking|smothering) " + OTHERS + "\\b");
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE | ESCALATES,
                "\\bvoices? (?:tell|telling|told|tells|say|saying|says|keep telling) me to (?:kill|hurt|harm|attack|"
                        + "stab|shoot) " + OTHERS + "\\b|\\b(?:feel|feeling|felt) (?:like|as if) (?:i (?:could|might|"
                        + "will|am going to) )?(?:killing|hurting|stabbing|attacking|kill|hurt|stab|attack|punch|"
                        + "punching|hitting|hit|strangle|strangling|smashing|smash) " + OTHERS + "\\b");
        rule(URGENT, HARM_TO_OTHERS, NEGATABLE | ESCALATES,
                "\\bi (?:have |ve |just |have just )?(?:hit|hits|smack|smacked|slap|slapped|shook|shake|shaking|hurt|kicked|kick|punched|punch|beat|"
                        + "beaten|pushed|shoved|grabbed|throttled|strangled|bit|burnt|burned) (?:my |the |our )(?:baby|"
                        + "kids|children|son|daughter|child|wife|husband|partner|girlfriend|boyfriend|mum|mother|dad|"
                        + "father|nan|gran|toddler|little one|elderly (?:mum|dad|mother|father)|patient|patients|"
                        + "resident|residents)\\b|\\b(?:lose|lost|losing) (?:my temper|control|it) (?:and|with) "
                        + "(?:\\w+ ){0,3}?(?:hit|hurt|hitting|hurting|lash|lashing|attack|attacked|smack|smacked)\\b");
    }

    private void medicalEmergency() {
        rule(EMERGENCY, MEDICAL_EMERGENCY, 0,
                "\\b(?:can not|can hardly|cannot|struggling to|struggle to|unable to|not able to|hard to|difficult to|"
                        + "trouble|barely|can barely) (?:breathe|breath|breathing)\\b|\\b(?:not|stopped|is not|has "
                        + "stopped|hardly|barely|isnt) breathing\\b|\\bcan not catch (?:my|his|her|their) breath\\b|"
                        + "\\bgasping for (?:breath|air)\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE,
                "\\b(?:having|is having|am having|s having|think (?:i am|he is|she is|it is|hes|shes|its|im) having|"
                        + "could be having|might be having|think it is|think its|it might be|it could be|maybe) "
                        + "(?:a )?(?:heart attack|stroke|seizure|fit|anaphylactic (?:shock|reaction)|allergic reaction|"
                        + "asthma attack|cardiac arrest|panic attack and (?:can not|cant) breathe)\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE,
                "\\b(?:face|mouth|smile|side of (?:his|her|my) face) (?:is |has |s )?(?:drooping|droopy|dropped|"
                        + "fallen|gone lopsided|lopsided|drooped|gone numb)\\b|\\bslurr(?:ed|ing) (?:his |her |my |"
                        + "their )?(?:speech|words)\\b|\\bspeech (?:is |has )?(?:gone )?slurred\\b|\\b(?:can not|"
                        + "could not|cant) (?:lift|raise|move|feel) (?:his|her|my|their) (?:arm|arms|leg|legs|face|"
                        + "one side)\\b|\\bsudden(?:ly)? (?:can not|could not|cant) (?:speak|talk|see|move)\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE | PAST_SUPPRESSES,
                "\\b" + PERSON3 + " (?:has |have |is |just |has just |suddenly )?(?:collapsed|passed out and|"
                        + "fallen unconscious|gone unconscious|is unconscious|unresponsive|stopped breathing|turned "
                        + "blue|gone blue|gone floppy|is floppy|is fitting|fitting|keeled over)\\b|\\b(?:unconscious|"
                        + "unresponsive|lips (?:are |have gone |turned )?blue|turned blue|gone blue|gone floppy|"
                        + "not responding)\\b|\\b(?:will not|wont|is not|isnt|can not) wak(?:e|ing) (?:him|her|them|"
                        + "my \\w+|up)\\b(?<!\\bi (?:will not|wont) wake up)");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE | PAST_DOWNGRADES,
                "\\b" + PERSON3 + " (?:has |have |is |just |has just |is just |might have |may have |think (?:he|she) "
                        + "(?:has )?)?(?:taken|took|swallowed|had|downed|necked|drunk|drank) (?:\\w+ ){0,3}?"
                        + "(?:overdose|" + QTY + " (?:\\w+ ){0,3}?" + PILLS + "|bleach|antifreeze|weedkiller|poison)\\b|"
                        + "\\b" + PERSON3 + " (?:has |have )?(?:just )?(?:overdosed|od)\\b|\\b(?:an|the|his|her) overdose\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE,
                "\\b(?:bleeding (?:heavily|badly|a lot|loads|everywhere|so much|non stop|really bad|and (?:it )?"
                        + "(?:will not|wont) stop)|(?:will not|wont|does not|doesnt) stop bleeding|can not stop "
                        + "(?:the |it )?bleeding|blood (?:everywhere|pouring|pumping|spurting|gushing)|losing "
                        + "(?:a lot of|loads of|so much) blood|lot of blood|so much blood)\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, 0,
                "\\b(?:throat|tongue|lips?|face) (?:is |are |s |has )?(?:closing|closing up|swelling|swelling up|"
                        + "swollen|swelled)\\b|\\banaphyla\\w*|\\b(?:seizure|fit) (?:that )?(?:will not|has not|"
                        + "is not|not|wont|hasnt) stop\\w*|\\b(?:been fitting|fitting|seizure|fit) for ages\\b|"
                        + "\\b(?:still|keeps|keep|will not stop|wont stop|not stopped) fitting\\b|"
                        + "\\b(?:fitting|seizure|fit) for (?:over |more than |about )?"
                        + "(?:5|five|ten|10|[0-9]+) min\\w*|\\bis choking\\b(?! (?:me|us|on (?:my|the) words)\\b)|"
                        + "\\bchoking on\\b|\\b(?:rash|spots) (?:that |which )?(?:does not|doesnt|will not|wont|"
                        + "dont|do not) fade\\b|\\b(?:think|might|could|worried|maybe) (?:it is|its|he has|she has|"
                        + "i have|it might be|it could be|it is) (?:meningitis|sepsis)\\b|\\b(?:call|ring|get|"
                        + "phone|send|need|needs|calling|ringing) (?:an |a |me an )?ambulance\\b|\\b(?:call|ring|dial|"
                        + "phone) 999\\b");
        // MED-VOMITING-BLOOD described, not named (the catalogue's level: emergency): sick like coffee grounds, black
        // tarry poo
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE | PAST_SUPPRESSES,
                "\\b(?:vomit\\w*|throw\\w* up|threw up|being sick|been sick|sick|puk\\w*) (?:\\w+ ){0,4}?"
                        + "coffee grounds\\b|\\b(?:black|tarry|tar like|sticky black) (?:tarry )?(?:poo|poos|stools?|"
                        + "poop)\\b|\\b(?:poo|poos|stools?|poop) (?:is |are |has |have )?"
                        + "(?:gone |been |turned |come out )?(?:black|like tar|tarry)\\b");
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE,
                "\\b(?:hit|banged|bashed|smacked) (?:his|her|my|their) head\\b(?=.*\\b(?:sick|vomit\\w*|confused|"
                        + "drowsy|unconscious|wake|bleeding|fit|seizure)\\b)|\\b(?:severe|crushing|terrible|really "
                        + "bad|bad|awful) (?:pain )?(?:chest pain|pain in (?:my|his|her) chest)\\b(?=.*\\b(?:arm|jaw|"
                        + "sweat\\w*|breath\\w*|sick|clammy|grey|now)\\b)|\\bworst headache (?:of|in) (?:my|his|her) "
                        + "life\\b");
        rule(URGENT, MEDICAL_EMERGENCY, NEGATABLE | ESCALATES | PAST_SUPPRESSES,
                "\\b(?:chest pains?|pains? in (?:my|his|her|the) chest|chest (?:is |feels |has been |feeling |been |keeps )*"
                        + "(?:tight|heavy|crushing|painful|hurting)|tightness in (?:my|his|her) chest|crushing "
                        + "(?:pain|chest))\\b");
        // MED-VOMITING-BLOOD named: the catalogue's level (NHS: call 999 or go to A&E if you are vomiting blood);
        // coughing up blood, where a streak after weeks of coughing is urgent, stays with the urgent rule below; a
        // denial ("she's not vomiting blood") reads as none, not as a 999 call
        rule(EMERGENCY, MEDICAL_EMERGENCY, NEGATABLE | PAST_SUPPRESSES,
                "\\b(?:vomiting|vomitting|vomited|throwing up|threw up|thrown up|being sick|sicking up|sicked up) "
                        + "(?:some |a lot of |loads of |fresh )?blood\\b|\\bblood in (?:my|his|her|their|the) "
                        + "(?:sick|vomit)\\b");
        rule(URGENT, MEDICAL_EMERGENCY, ESCALATES | PAST_SUPPRESSES,
                "\\b(?:coughing up|spitting|spat|peeing|weeing) blood\\b|"
                        + "\\bblood in (?:my|his|her) (?:wee|urine|poo|stool)\\b|\\b(?:severe|really bad|"
                        + "sudden|agonising|unbearable|excruciating) (?:headache|pain in (?:my|his|her) (?:head|stomach|"
                        + "belly|tummy)|stomach pain|abdominal pain|tummy pain|belly pain)\\b|\\b(?:i|he|she|my "
                        + RELATIVE + ") (?:just |has just |have just |keeps |keep |has )?(?:fainted|passed out|blacked "
                        + "out|fainting|passing out|blacking out)\\b|\\b(?:fallen|fell|had a fall)(?: over| down)? and (?:can not|"
                        + "could not|cannot|cant) get (?:up|back up)\\b|\\b(?:think|feel like|feels like) i am dying\\b|"
                        + "\\b(?:high|very high|really high) (?:fever|temperature) and (?:a )?(?:stiff neck|rash|"
                        + "confused|confusion|floppy|drowsy)\\b|\\bpregnant and (?:bleeding|in (?:a lot of )?pain|"
                        + "the baby (?:has stopped|is not|isnt) moving)\\b|\\bbaby (?:has stopped|is not|isnt|has not|"
                        + "hasnt) (?:moving|moved)\\b");
    }

    private void rule(RiskLevel level, RiskCategory category, int flags, String regex) {
        Pattern pattern = Pattern.compile(regex);
        rules.add(new Rule(level, category, pattern, flags, PatternPrefilter.of(pattern)));
    }

    int size() {
        return rules.size();
    }

    /** A normalised text with its idioms masked, as {@link #assess} gives it to the nets. */
    String masked(String normalised) {
        return IDIOMS_QUICK.mayFind(normalised) ? IDIOMS.matcher(normalised).replaceAll(" idiom ") : normalised;
    }

    /** Every pattern {@link #assess} runs over a whole message: the idioms, then the rules. */
    List<Pattern> patterns() {
        List<Pattern> all = new ArrayList<>();
        all.add(IDIOMS);
        rules.forEach(r -> all.add(r.pattern()));
        return all;
    }

    /** The most serious match in a normalised message, or null. */
    Result assess(String normalised) {
        if (normalised.isEmpty()) {
            return new Result(null, false, normalised);
        }
        String text = masked(normalised);
        boolean denied = false;
        Match best = null;
        String bestNear = null;
        boolean bestPast = false;
        Boolean nowTime = null; // read once, and only for a message where a rule finds a past risk
        for (Rule rule : rules) {
            if (best != null && best.level() == EMERGENCY && !best.weak()) {
                break; // nothing can rank above it
            }
            if (best != null && rule.level().compareTo(best.level()) < 0) {
                continue;
            }
            if (!rule.quick().mayFind(text)) {
                continue; // its DFA finds nothing here, so the pattern cannot
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                RiskLevel level = rule.level();
                boolean past = PAST.matcher(around(text, m.start(), m.end())).find();
                if (past && nowTime == null) {
                    nowTime = NOW_TIME.matcher(text).find();
                }
                boolean pastOnly = past && !nowTime;
                if (rule.has(PAST_SUPPRESSES) && (pastOnly || precededBy(text, m.start(), "had"))) {
                    continue;
                }
                if (rule.has(NEGATABLE) && negated(text, m.start(), rule.has(GAP) ? m.end() : m.start())) {
                    String after = text.substring(m.end());
                    if (rule.category() == SUICIDE_SELF_HARM
                            && (CONTRAST_THOUGHT.matcher(after).find() || STOPPED.matcher(after).find())) {
                        level = URGENT; // "I'm not going to kill myself but I think about it"; "no self-harm for a year"
                    } else if (CONTRAST_THOUGHT.matcher(after).find()) {
                        level = URGENT;
                    } else {
                        denied = true;
                        continue;
                    }
                }
                if (level == EMERGENCY && rule.has(PAST_DOWNGRADES) && past) {
                    level = URGENT;
                }
                if (level == EMERGENCY && rule.has(FEAR_DOWNGRADES) && fearBefore(text, m.start())) {
                    level = URGENT;
                }
                if (level == URGENT && rule.has(ESCALATES) && escalates(rule.category(), text, past)) {
                    level = EMERGENCY;
                }
                Match found = new Match(level, rule.category(), m.group().trim(), rule.has(WEAK));
                int order = best == null ? 1 : found.level().compareTo(best.level());
                if (order > 0 || (order == 0 && best.weak() && !found.weak())) {
                    best = found;
                    bestNear = near(text, m.start(), m.end());
                    bestPast = past;
                }
                break;
            }
        }
        if (best != null && bestPast && isOver(text, bestNear)) {
            return new Result(null, false, text, best);
        }
        return new Result(best, denied && best == null, text);
    }

    /**
     * The message says, {@code near} the risk, that it is over, and nothing anywhere in it brings it back (no word
     * of the present, no contrast after).
     */
    private static boolean isOver(String text, String near) {
        if (CURRENT.matcher(text).find()) {
            return false;
        }
        // the last word on it counts: "got help, rebuilt; it is on my notes but it is old news"
        Matcher over = RECOVERED.matcher(near);
        int end = -1;
        while (over.find()) {
            end = over.end();
        }
        return end >= 0 && !CONTRAST.matcher(near.substring(end)).find();
    }

    /**
     * Up to this many characters a message's times are read as one. In a longer story a past time or a recovery
     * counts for a risk only within {@value #NEAR} characters of it ("I used to swim for the county as a girl" early
     * in a story puts nothing said late in it in the past).
     */
    static final int ONE_STORY = 450;
    static final int NEAR = 200;

    /** The most words a clause before a match may have and still be read as its time ("as a teenager, I ..."). */
    private static final int FRONTED_TIME_WORDS = 5;

    /**
     * The match's clause and the one after, with the clause before when it is short enough to be the match's own
     * time ("years ago, I took an overdose"): where a past time must stand to put a risk in the past ("I used to play
     * netball at school and I'm good at baking. My husband hits me when he drinks" is not past abuse).
     */
    private static String around(String text, int start, int end) {
        int clause = text.lastIndexOf(TextNormaliser.BREAK, Math.max(start - 1, 0));
        int from = clause < 0 ? 0 : clause + 1;
        if (clause > 0) {
            int before = text.lastIndexOf(TextNormaliser.BREAK, clause - 1) + 1;
            if (text.substring(before, clause).strip().split(" +").length <= FRONTED_TIME_WORDS) {
                from = before;
            }
        }
        int after = text.indexOf(TextNormaliser.BREAK, end);
        int to = after < 0 ? text.length() : text.indexOf(TextNormaliser.BREAK, after + 1);
        return text.substring(from, to < 0 ? text.length() : to);
    }

    /** The text within {@link #NEAR} characters of a match, whole clauses, or all of a message of one story. */
    private static String near(String text, int start, int end) {
        if (text.length() <= ONE_STORY) {
            return text;
        }
        int from = Math.max(0, start - NEAR);
        int to = Math.min(text.length(), end + NEAR);
        int clauseStart = text.lastIndexOf(TextNormaliser.BREAK, from);
        int clauseEnd = text.indexOf(TextNormaliser.BREAK, to);
        return text.substring(clauseStart < 0 ? 0 : clauseStart + 1, clauseEnd < 0 ? text.length() : clauseEnd);
    }

    private static boolean escalates(RiskCategory category, String text, boolean past) {
        return switch (category) {
            case SUICIDE_SELF_HARM -> !past && NOW_SUICIDE.matcher(text).find();
            case ABUSE_SAFEGUARDING -> NOW_ABUSE.matcher(text).find();
            case HARM_TO_OTHERS -> !past && NOW_HARM.matcher(text).find();
            case MEDICAL_EMERGENCY -> !past && NOW_MEDICAL.matcher(text).find();
        };
    }

    /** True when a negator stands in the same clause just before the match, or inside it ("will never kill myself"). */
    private static boolean negated(String text, int start, int end) {
        for (String word : text.substring(start, end).split(" ")) {
            if (NEGATORS.contains(word)) {
                return true;
            }
        }
        String[] before = text.substring(0, start).trim().split(" ");
        for (int i = before.length - 1, seen = 0; i >= 0 && seen < NEGATION_WINDOW; i--, seen++) {
            String word = before[i];
            if (NEGATORS.contains(word)) {
                if (word.equals("no") && i > 0 && SAYING.contains(before[i - 1])) {
                    continue; // "every time I say no he still makes me...": the no is said, it negates nothing
                }
                // "no one", "no body" and "not only" do not negate what follows
                return !(word.equals("no") && i + 1 < before.length && before[i + 1].equals("one"));
            }
            if (SCOPE_BREAKS.contains(word)) {
                return false;
            }
        }
        return false;
    }

    private static boolean fearBefore(String text, int start) {
        int from = Math.max(text.lastIndexOf(TextNormaliser.BREAK, start), 0);
        return FEAR.matcher(text.substring(from, start)).find();
    }

    private static boolean precededBy(String text, int start, String word) {
        String head = text.substring(0, start).trim();
        return head.endsWith(" " + word) || head.equals(word);
    }
}
