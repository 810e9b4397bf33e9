package org.waymark.safety;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import opennlp.tools.doccat.FeatureGenerator;

/**
 * Character 3- to 5-grams of each word, padded with {@code _}, as the NLU's intent features have them, and one
 * feature every message has, so the model learns how common each label is: without it a message with few known
 * features ("hi") gets nearly the same chance of every label, a one-in-five chance of "none". The char-n-gram
 * variant of the OpenNLP risk net. Public only because OpenNLP instantiates a model's feature generators by class
 * name.
 */
public final class CharGramFeatures implements FeatureGenerator {

    @Override
    public Collection<String> extractFeatures(String[] text, Map<String, Object> extraInfo) {
        List<String> out = new ArrayList<>();
        out.add("bias");
        for (String word : text) {
            String padded = "_" + word + "_";
            for (int n = 3; n <= 5; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    out.add("c=" + padded.substring(i, i + n));
                }
            }
        }
        return out;
    }
}
