import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useFormatters } from "../../format/hooks/useFormatters";
import { useHomeMyTasksQuery } from "../hooks/useHomeMyTasksQuery";
import { useNow } from "../hooks/useNow";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

/** The viewer's open tasks, soonest due first; overdue ones in red. */
export const MyTasksSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const now = useNow(60_000);
  const [{ data, fetching, error }, reexecute] = useHomeMyTasksQuery({ first: 6 });
  const tasks = data?.myTasks.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-myTasks"
      title={t("myTasks.title")}
      count={data?.myTasks.totalCount}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={tasks.length === 0}
      emptyText={t("myTasks.empty")}
    >
      <HomeList
        testId="my-tasks"
        items={tasks.map((task) => {
          const overdue = new Date(task.dueAt).getTime() < now;
          return {
            key: task.id,
            title: task.title,
            description: task.customer ? <Link to={`/customers/${task.customer.id}`}>{task.customer.name}</Link> : null,
            extra: (
              <Typography.Text type={overdue ? "danger" : "secondary"}>
                {overdue ? t("myTasks.overdue", { when: format.relative(task.dueAt) }) : t("myTasks.due", { when: format.relative(task.dueAt) })}
              </Typography.Text>
            ),
          };
        })}
      />
    </HomeSection>
  );
};
