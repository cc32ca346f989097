// Writes tests/corpus/hard-text.json: hard texts and how many graphemes
// each has (Intl.Segmenter). Run: node tests/corpus/make-hard-text.js > tests/corpus/hard-text.json
const texts = [
  ['thin spaces', 'Call Ann Lee now at 3\u2009High\u2009Street'],
  ['thin-spaced phone', 'Ring me on 0113\u2009496\u20090000 please'],
  ['no-break spaces', 'Sarah\u00a0Jones lives at 14\u00a0Elm Road'],
  ['ideographic space', 'We\u3000went\u3000to\u3000the\u3000park'],
  ['tabs and new lines', 'We went\tto the\npark.\r\nIt was\u2028fun.'],
  ['combining marks', 'cafe\u0301 and nai\u0308ve and Zo\u00eb'],
  ['ZWJ family', 'Our family 👨‍👩‍👧‍👦 came too'],
  ['flags', 'Flags 🇬🇧🇵🇰🇮🇳 at the fair'],
  ['skin tones', 'Thumbs up 👍🏽👍🏿 from us'],
  ['keycap and variation', 'Press 1️⃣ then ❤️ it'],
  ['Devanagari', 'हम पार्क गए और हमने आइसक्रीम खाई'],
  ['Gurmukhi', 'ਅਸੀਂ ਪਾਰਕ ਗਏ ਅਤੇ ਆਈਸਕ੍ਰੀਮ ਖਾਧੀ'],
  ['Urdu with marks', 'ہم پارک گئے اور ہم نے آئس کریم کھائی۔ بہت مزہ آیا!'],
  ['Arabic with harakat', 'ذَهَبْنَا إِلَى الْحَدِيقَةِ'],
  ['Hebrew with points', 'הָלַכְנוּ לַפָּארְק'],
  ['Thai', 'เราไปสวนสาธารณะ'],
  ['Hangul jamo', '\u1100\u1161\u11a8 and 한국'],
  ['lone marks', '\u0301\u0301 start with marks'],
  ['ZWJ between letters', 'a\u200db and \u200d alone'],
  ['right-to-left mark', 'Leeds \u200fلیڈز\u200e today'],
  ['only spaces', '\u00a0\u2009\u3000 \t'],
  ['empty', ''],
];
const seg = new Intl.Segmenter('en', { granularity: 'grapheme' });
const count = (t) => [...seg.segment(t)].length;
const out = texts.map(([name, text]) => ({ name, text, graphemes: count(text) }));
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
