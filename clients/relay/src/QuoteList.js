// The documents relay-compiler reads (graphql`` tags under relay/src/). Never run: without
// babel-plugin-relay, code imports the artifacts it writes to relay/__generated__/.
graphql`
  query QuoteListQuery($count: Int = 7) {
    ...QuoteList_query @arguments(count: $count)
  }
`;

graphql`
  fragment QuoteList_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 7 }, cursor: { type: "String" })
  @refetchable(queryName: "QuoteListPaginationQuery") {
    quotes(first: $count, after: $cursor) @connection(key: "QuoteList_quotes") {
      totalCount
      edges {
        node {
          id
          text
          span { start end }
          speaker { id name }
        }
      }
    }
  }
`;
