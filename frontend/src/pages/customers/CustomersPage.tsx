import { PageLoading } from "../../modules/ui/components/PageLoading";

/** Placeholder until the page lands. */
export const CustomersPage = () => <PageLoading />;
