package org.waymark.nlu;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.safety.RiskDetector;
import org.waymark.safety.RiskDetectors;

/**
 * What one free-text patient message costs before the dialog moves: the risk check and then the NLU parse, on one
 * thread, as {@code ConversationService} runs them (they share the message's sentence embedding). Sample mode,
 * percentiles in milliseconds; target p99 at most 15 ms on the 2-core build machine. {@code short} is the mix of
 * everyday messages of the other benchmarks; {@code story} is a 600 to 1,000 character message. Each set holds
 * more texts than a thread's embeddings remember ({@code SentenceEmbeddings.REMEMBERED}, four), so every message is
 * new to the model as a patient's is: with only two stories, both stayed remembered and no story was ever inferred.
 * {@code java -jar target/benchmarks.jar RiskDetectorAndNluParse}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RiskDetectorAndNluParseBenchmark {

    private static final String[] SHORT = {
        "hi",
        "lonely and skint",
        "since my wife died I hardly see anyone and I'd like to meet people",
        "I'm behind on my rent and the debts keep piling up, the landlord keeps ringing and I cant sleep for worrying",
        "yeah go on then",
        "I don't see the point in anything any more, everyone would be better off without me",
        "my partner hits me when he's been drinking",
        "weekday mornings after 10 but not fridays",
        "cant c u m8 wot time is it on",
        "I care for my husband who has dementia and I never get a break, I'd love to do some gardening or painting",
    };
    private static final String[] STORY = {
        "I'm 67 and I live on my own since my husband passed two years ago. Most days I don't speak to anyone and the "
            + "evenings are the worst. My pension just about covers the bills but the gas has gone up so much I sit "
            + "with a blanket rather than put the heating on. My knees are bad so I don't get out much, though I used "
            + "to love walking and I had an allotment for twenty years. My daughter lives in Leeds and rings on "
            + "Sundays. I'd like something to do in the week, maybe a group where I could sit with people and have a "
            + "cup of tea, or something with gardening if my knees allow it.",
        "Honestly I don't know where to start. I lost my job at the warehouse in March and since then everything has "
            + "gone downhill, I'm behind on the rent and the landlord keeps texting, I've got a universal credit "
            + "appointment next week but I'm dreading it. I look after my mum as well because she had a stroke and "
            + "can't be left for long, so I can't take just any job. I'm not sleeping, I feel low most of the time "
            + "and I've stopped seeing my mates because I can't afford to go out. I used to play football on "
            + "Sundays and I miss that. I'd like to get back to work and maybe do a course in something, forklift "
            + "or IT, but I don't know what's out there for someone like me. Sorry this is so long.",
        "hiya so my health visitor said to message this. ive got a 6 month old and a 3 yr old and my partner works "
            + "nights so its just me all day most days. i moved here from birmingham last year for his job and i dont "
            + "know anyone, all my mates are back home. money is tight since i went on maternity, we had to cancel "
            + "the nursery for the big one and the flat is damp in the back bedroom, the landlord says hes sorting it "
            + "but nothing happens. i used to do zumba and i loved it. is there anything like a baby group or a mums "
            + "walk or something where i could meet people, ideally free lol. also if anyone knows about help with "
            + "the damp that would be amazing",
        "Good afternoon. I am writing on behalf of my father, who is 84 and was widowed in the spring. He was a "
            + "carpenter all his working life and still has his tools in the garage, but he has not touched them "
            + "since Mum died. He eats very little, mostly toast, and I worry he is not cooking for himself at all. "
            + "I live forty miles away and can only visit at weekends. His hearing is poor so he avoids the telephone, "
            + "and he gave up the bowls club because he could not follow the conversation. He has always been "
            + "proud and would not want charity, but I think he would go to something practical, a men's shed "
            + "perhaps, if someone took him the first time. Is there any help with meals, and is there transport "
            + "for older people in the area? Thank you for reading this.",
        "ok so basically im 19 and i dropped out of college in first year bc of my anxiety and now i just sit in "
            + "my room gaming all day. my mum keeps on at me to get a job but every time i look at applications i "
            + "panic and close the laptop. i dont really have friends irl anymore, just people online. i used to "
            + "draw a lot and people said i was good at it, i even did an art gcse and got a 7. i would maybe want "
            + "to do like an apprenticeship or a course thats not too full on, or volunteer somewhere first to get "
            + "used to being around people again. i also want to get fitter because i basically never leave the "
            + "house. idk if this is the right place to ask but my gp said to try it",
        "I have been a carer for my wife for six years, she has Parkinson's and it is getting harder. We manage, "
            + "the district nurses are very good, but I have not had a proper night's sleep in months and I have "
            + "let myself go a bit, I have put on weight and I get out of breath on the stairs. Our savings are "
            + "going on the extra care and I do not know whether we are claiming everything we could. I used to sing "
            + "in a male voice choir and I miss it terribly. What I would really like is a few hours a week for "
            + "myself, knowing she is safe, and maybe somebody to talk to who understands what it is like. We have "
            + "been in this house forty years and the garden is going wild because I cannot keep up with it.",
    };

    @Param({"short", "story"})
    public String messages;

    private RiskDetector risks;
    private Nlu nlu;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        String dir = System.getProperty("waymark.nlu.models-dir", "nlp-models");
        nlu = new OpenNlpNlu(OpenNlpNlu.loadOrBuild(Path.of(dir)), EntityExtractor.withPackagedOutcodes(), 0.4, 0.1);
        risks = RiskDetectors.standard();
        texts = messages.equals("story") ? STORY : SHORT;
    }

    @Benchmark
    public void riskThenParse(Blackhole out) {
        // the next message each call: the embedding is shared within one message, and forgotten before it comes round
        String text = texts[next++ % texts.length];
        out.consume(risks.assess(text));
        out.consume(nlu.parse(text));
    }

    /**
     * The sentence embedding of the same messages alone, what {@code riskThenParse} cannot do without: the model's
     * inference (a story's windows at once), its tokenisation and pooling, and nothing that reads the vector.
     */
    @Benchmark
    public void embeddingAlone(Blackhole out) {
        out.consume(SentenceEmbeddings.shared().embed(texts[next++ % texts.length]));
    }
}
