// Read by relay-compiler, never run (see QuoteList.js).
graphql`
  query PersonCardQuery($slug: String!) {
    person(slug: $slug) {
      ...PersonCard_person
    }
  }
`;

graphql`
  fragment PersonCard_person on Person @refetchable(queryName: "PersonCardRefetchQuery") {
    id
    slug
    name
    headline
    careerTimeline {
      id
      title
      start { edtf earliest latest }
      end { edtf }
    }
  }
`;
