import { useTranslation } from "react-i18next";

import { isKnownCategory } from "../utils/ticketStatuses";

/** A ticket category: translated when it is one the desk knows, else as the server names it. */
export const CategoryLabel = ({ category }: { category: string }) => {
  const { t } = useTranslation("service");
  return <>{isKnownCategory(category) ? t(`category.${category}`) : category}</>;
};
