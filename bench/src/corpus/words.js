/**
 * The vocabulary of the generated corpus. Plain ASCII words without apostrophes, ampersands or
 * angle brackets: a highlight is then the same string whether a server escapes HTML or not, so
 * the three servers' answers compare byte for byte.
 */

export const FIRST_NAMES = [
  "Ada", "Amir", "Ana", "Ben", "Chen", "Dana", "Diego", "Elif", "Emeka", "Eva", "Farah", "Felix", "Grace", "Hana", "Ian",
  "Ines", "Jon", "Kai", "Kenji", "Lara", "Leo", "Lina", "Malik", "Maya", "Mei", "Nadia", "Nikhil", "Noor", "Olga", "Omar",
  "Pablo", "Priya", "Quinn", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tess", "Uma", "Victor", "Wei", "Yara",
  "Yusuf", "Zara", "Jigar", "Aisha", "Bruno", "Carmen",
];

export const LAST_NAMES = [
  "Okafor", "Bhati", "Garcia", "Nguyen", "Kowalski", "Haddad", "Silva", "Tanaka", "Mueller", "Rossi", "Cohen", "Patel",
  "Kim", "Novak", "Larsen", "Moreau", "Santos", "Ibrahim", "Chowdhury", "Fischer", "Ivanova", "Mensah", "Park", "Reyes",
  "Sato", "Andersen", "Costa", "Dubois", "Esposito", "Jansen", "Khan", "Lopez", "Nakamura", "Osei", "Petrov", "Quispe",
  "Rahman", "Schmidt", "Torres", "Varga",
];

export const COMPANY_STEMS = [
  "Northwind", "Bluefin", "Copperline", "Driftwood", "Evergreen", "Fjord", "Granite", "Harbor", "Ironbark", "Juniper",
  "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchard", "Pinnacle", "Quarry", "Redwood", "Saffron", "Tidewater", "Umber",
  "Vantage", "Willow", "Yonder", "Zephyr", "Atlas", "Beacon", "Cobalt", "Delta", "Ember",
];

export const COMPANY_SUFFIXES = ["Labs", "Systems", "Cloud", "AI", "Health", "Pay", "Robotics", "Data", "Works", "Studio"];

export const TITLES = [
  "Software engineer", "Senior software engineer", "Staff engineer", "Engineering manager", "Product manager",
  "Data scientist", "Research scientist", "Designer", "Site reliability engineer", "Member of technical staff",
  "Director of engineering", "Founder", "Intern", "Principal engineer", "Technical program manager",
];

export const TOPIC_WORDS = [
  "Hiring", "Interviewing", "Career moves", "New grads", "Networking", "Professional growth", "Scaling infrastructure",
  "Startup culture", "Shipping velocity", "Product", "Impact", "AI", "Mentorship", "Remote work", "Compensation",
  "Leadership", "Burnout", "Open source", "Reliability", "Security", "Data", "Design", "Management", "Negotiation",
  "Layoffs", "Promotion", "Onboarding", "Culture", "Fundraising", "Research", "Teaching", "Writing", "Public speaking",
  "Side projects", "Immigration", "Parenting", "Health", "Learning", "Code review", "Testing", "Architecture",
  "Performance", "Mobile", "Infrastructure", "Machine learning", "Ethics", "Customers", "Sales", "Marketing", "Strategy",
];

export const TOPIC_QUALIFIERS = ["at scale", "in practice", "for beginners", "in startups", "in big tech", "across teams"];

/** Words of sentences. "kubernetes" is missing on purpose: it is the search term, planted at a known rate. */
export const WORDS = [
  "the", "a", "we", "i", "team", "work", "people", "company", "product", "engineers", "users", "time", "year", "project",
  "code", "system", "problem", "decision", "manager", "interview", "offer", "role", "startup", "scale", "growth", "learn",
  "build", "ship", "launch", "hire", "grow", "move", "change", "start", "leave", "join", "help", "lead", "write", "test",
  "design", "review", "deploy", "measure", "fix", "debug", "plan", "focus", "trust", "ownership", "feedback", "mentor",
  "customer", "market", "data", "model", "research", "infrastructure", "platform", "service", "latency", "reliability",
  "outage", "incident", "roadmap", "deadline", "quarter", "budget", "salary", "equity", "promotion", "level", "career",
  "skill", "experience", "impact", "velocity", "culture", "values", "mission", "vision", "strategy", "risk", "bet",
  "idea", "prototype", "feature", "release", "migration", "database", "cluster", "pipeline", "network", "security",
  "privacy", "quality", "craft", "process", "meeting", "document", "memo", "email", "slack", "remote", "office",
  "weekend", "night", "morning", "early", "late", "fast", "slow", "hard", "easy", "big", "small", "new", "old", "best",
  "better", "good", "great", "real", "honest", "clear", "simple", "complex", "deep", "broad", "long", "short", "first",
  "last", "next", "every", "some", "many", "few", "most", "always", "never", "often", "sometimes", "really", "probably",
  "actually", "still", "already", "again", "together", "alone", "with", "without", "for", "from", "into", "about",
  "after", "before", "during", "because", "while", "when", "where", "how", "why", "what", "which", "that", "this",
  "those", "these", "our", "their", "my", "your", "is", "was", "were", "are", "be", "been", "had", "have", "has", "did",
  "do", "made", "make", "took", "take", "gave", "give", "found", "find", "saw", "see", "felt", "feel", "knew", "know",
  "thought", "think", "wanted", "want", "needed", "need", "tried", "try", "asked", "ask", "told", "tell", "said", "say",
  "and", "but", "or", "so", "then", "than", "also", "only", "even", "just", "more", "less", "much", "very", "too",
  "of", "in", "on", "at", "to", "by", "as", "it", "they", "he", "she", "us", "them", "not", "no", "yes", "all", "any",
];

/** The search term of the search operation: planted in a known share of quotes, nowhere else. */
export const SEARCH_TERM = "kubernetes";
