import { useMutation } from "urql";

import { ADMIN_PIPELINE_STAGE_SAVE_MUTATION } from "../graphql/adminPipelineStageSaveMutation";

export const useAdminPipelineStageSaveMutation = () => useMutation(ADMIN_PIPELINE_STAGE_SAVE_MUTATION);
