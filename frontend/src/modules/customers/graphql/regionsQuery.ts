import { graphql } from "../../../generated";

/** China's provinces and their cities: the values a region picker offers and stores (standard names). */
export const REGIONS_QUERY = graphql(`
  query Regions {
    regions {
      code
      name
      shortName
      englishName
      cities {
        code
        name
        shortName
        englishName
      }
    }
  }
`);
