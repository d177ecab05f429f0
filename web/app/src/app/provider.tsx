/*
 * Everything the pages share: Ant Design in Chinese (its zh_CN locale, dates by dayjs in zh-cn),
 * the GraphQL client, the session, and the enum labels.
 */
import "dayjs/locale/zh-cn";
import "@/app/app.css";

import { ApolloProvider } from "@apollo/client/react";
import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";

import { AuthProvider } from "@/features/auth/hooks/auth";
import { createClient } from "@/lib/apollo";
import { LabelsProvider } from "@/lib/labels";

dayjs.locale("zh-cn");

// Colours chosen for WCAG AA contrast (4.5:1 for text), which axe-core checks on every page.
const theme = {
  token: {
    colorPrimary: "#1f5fbf", // 6.3:1 on white
    colorLink: "#1f5fbf",
    colorLinkHover: "#174a96",
    colorPrimaryHover: "#174a96", // a hovered primary button keeps white text readable (8:1)
    colorTextSecondary: "rgba(0, 0, 0, 0.65)", // 5.7:1 on #f5f5f5
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    colorError: "#cf1322", // 5.9:1 on white: form errors and danger buttons are read
    fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif',
  },
};

export function AppProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createClient);
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <ApolloProvider client={client}>
        <LabelsProvider>
          <AuthProvider>{children}</AuthProvider>
        </LabelsProvider>
      </ApolloProvider>
    </ConfigProvider>
  );
}
