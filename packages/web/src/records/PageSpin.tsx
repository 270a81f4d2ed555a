import { Spin } from 'antd';

export function PageSpin() {
  return <Spin className="ml-page-spin" size="large" />;
}
